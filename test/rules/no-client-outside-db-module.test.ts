import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-client-outside-db-module';

const ruleTester = new RuleTester();

const POOL = `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });`;

ruleTester.run('no-client-outside-db-module', rule, {
  valid: [
    // the default db module globs
    { code: POOL, filename: 'src/db.ts' },
    { code: POOL, filename: 'src/db/index.ts' },
    // the entry of a workspace package of its own (rallly's `packages/database/src/client.ts`, create-t3-turbo's `packages/db/src/client.ts`)
    { code: POOL, filename: 'packages/database/src/client.ts' },
    { code: POOL, filename: 'packages/database/src/index.ts' },
    { code: POOL, filename: 'packages/db/src/client.ts' },
    { code: POOL, filename: 'lib/database.js' },
    { code: `import { PrismaClient } from '@prisma/client'; export const prisma = new PrismaClient();`, filename: 'src/lib/prisma.ts' },
    // configured db module
    { code: POOL, filename: 'src/infra/postgres.ts', settings: { neon: { dbModule: ['src/infra/postgres.ts'] } } },
    // migrations, tests, tool configs
    { code: POOL, filename: 'migrations/1700000000000_init.ts' },
    { code: POOL, filename: 'scripts/migrate.ts' },
    { code: POOL, filename: 'src/users.test.ts' },
    { code: POOL, filename: 'test/helpers/setup.ts' },
    { code: `import knex from 'knex'; export default knex({ client: 'pg' });`, filename: 'knexfile.ts' },
    { code: `import { DataSource } from 'typeorm'; export default new DataSource({ type: 'postgres' });`, filename: 'src/data-source.ts' },
    // importing the shared client is the point
    { code: `import { pool } from './db'; export const users = () => pool.query('SELECT * FROM users');`, filename: 'src/users.ts' },
    // look-alikes: another package's Pool, a local class, a shadowed binding, a type-only import
    { code: `import { Pool } from 'generic-pool'; export const pool = new Pool();`, filename: 'src/workers.ts' },
    { code: `class Client {} export const c = new Client();`, filename: 'src/api.ts' },
    { code: `import { Client } from 'pg'; export function wrap(Client: any) { return new Client(); }`, filename: 'src/api.ts' },
    { code: `import type { Pool } from 'pg'; export function run(pool: Pool) { return pool.query('SELECT 1'); }`, filename: 'src/api.ts' },
    // shapes seen in real repositories: a db module named otherwise inside db/, a monorepo's prisma package
    { code: `const knex = require('knex');\nmodule.exports = knex({ client: 'pg', connection: process.env.DATABASE_URL });`, filename: 'src/db/connection.js' },
    { code: `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();`, filename: 'packages/prisma/index.ts' },
    // wrappers around a client built elsewhere open no connection
    { code: `import { drizzle } from 'drizzle-orm/node-postgres';\nimport type { Pool } from 'pg';\nexport const orm = (pool: Pool) => drizzle({ client: pool });\nexport const orm2 = (pool: Pool) => drizzle(pool);`, filename: 'src/orm.ts' },
    {
      code: `import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Driver } from 'kysely';
export const over = (driver: Driver) => new Kysely<unknown>({ dialect: {
  createAdapter: () => new PostgresAdapter(), createDriver: () => driver,
  createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() } });`,
      filename: 'src/kysely.ts',
    },
    // a migration runner under another name, test-runner setup files, seeds and scripts
    {
      code: `import { FileMigrationProvider, Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL_UNPOOLED }) }) });
await new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: 'migrations' }) }).migrateToLatest();`,
      filename: 'src/runMigrations.ts',
    },
    { code: POOL, filename: 'src/test-setup.ts' },
    { code: POOL, filename: 'vitest.setup.ts' },
    { code: POOL, filename: 'prisma/seed.ts' },
    { code: POOL, filename: 'scripts/backfill-orders.ts' },
    { code: POOL, filename: '.scripts/compare-database.js' },
    // migration helpers and test-support folders by their names
    { code: POOL, filename: 'packages/db/src/predefinedMigrations/localize.ts' },
    { code: POOL, filename: 'packages/schemas/alterations/utils/tables.ts' },
    { code: POOL, filename: 'packages/shop-test-utils/src/database.ts' },
    { code: POOL, filename: 'src/testing/factories.ts' },
    { code: `import knex from 'knex';\nimport { MockClient } from 'knex-mock-client';\nexport const db = knex({ client: MockClient, dialect: 'pg' });`, filename: 'backend/src/database/mock/provider.ts' },
    { code: POOL, filename: 'src/__mocks__/pg.ts' },
    { code: POOL, filename: 'src/db.mock.ts' },
    // Prisma 7: the generated client in its db module; an adapter over the shared pool; an adapter alone; look-alikes
    {
      code: `import { PrismaPg } from '@prisma/adapter-pg';\nimport { PrismaClient } from '../generated/prisma/client';\nexport const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });`,
      filename: 'src/lib/prisma.ts',
    },
    {
      code: `import { PrismaPg } from '@prisma/adapter-pg';\nimport { PrismaClient } from '@/generated/prisma/client';\nimport { pool } from './db';\nexport const reporting = new PrismaClient({ adapter: new PrismaPg(pool) });`,
      filename: 'src/reporting.ts',
    },
    { code: `import { PrismaPg } from '@prisma/adapter-pg';\nexport const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });`, filename: 'src/adapter.ts' },
    { code: `import { PrismaClient } from './prisma';\nexport const client = new PrismaClient();`, filename: 'src/users.ts' },
    { code: `import type { PrismaClient } from '@/generated/prisma/client';\nexport const users = (db: PrismaClient) => db.user.findMany();`, filename: 'src/users.ts' },
  ],
  invalid: [
    {
      code: `import { PrismaPg } from '@prisma/adapter-pg';\nimport { PrismaClient } from '@/generated/prisma/client';\nexport const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });`,
      filename: 'src/users.ts',
      errors: [{ messageId: 'clientOutsideDbModule', data: { display: 'new PrismaClient()' }, line: 3, column: 23 }],
    },
    {
      code: `const { PrismaClient } = require('./generated/client');\nmodule.exports = new PrismaClient();`,
      filename: 'src/users.js',
      errors: [{ messageId: 'clientOutsideDbModule', data: { display: 'new PrismaClient()' }, line: 2, column: 18 }],
    },
    {
      code: POOL,
      filename: 'src/users.ts',
      errors: [{ messageId: 'clientOutsideDbModule', data: { display: 'new Pool()' }, line: 2, column: 21 }],
    },
    // names that only look like migration or test folders
    ...['src/migrationStatus.ts', 'src/migrations.ts', 'src/attestations/pool.ts', 'src/load-testing.ts', 'src/mockups/pool.ts', 'packages/database/src/routes/users.ts', 'packages/api/src/db-stats.ts'].map((filename) => ({
      code: POOL,
      filename,
      errors: [{ messageId: 'clientOutsideDbModule' as const, line: 2, column: 21 }],
    })),
    {
      // the db module was moved by settings: the default name no longer counts
      code: POOL,
      filename: 'src/db.ts',
      settings: { neon: { dbModule: ['src/infra/postgres.ts'] } },
      errors: [{ messageId: 'clientOutsideDbModule', line: 2, column: 21 }],
    },
    {
      // neon() holds no connection but still spreads the connection string
      code: `import { neon } from '@neondatabase/serverless';\nexport async function GET() {\n  const sql = neon(process.env.DATABASE_URL!);\n  return Response.json(await sql\`SELECT 1\`);\n}`,
      filename: 'app/api/users/route.ts',
      errors: [{ messageId: 'clientOutsideDbModule', data: { display: 'neon()' }, line: 3, column: 15 }],
    },
    {
      // a wrapper around a construction is reported once, at the outermost call
      code: `import { Pool } from 'pg';\nimport { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(new Pool());`,
      filename: 'src/server.ts',
      errors: [{ messageId: 'clientOutsideDbModule', data: { display: 'drizzle()' }, line: 3, column: 19 }],
    },
    {
      // disguises: default import of a CommonJS package, destructured require, dynamic import
      code: `import pg from 'pg';\nconst { Client } = require('pg');\nexport const a = new pg.Pool();\nexport const b = new Client();\nexport async function c() {\n  const postgres = (await import('postgres')).default;\n  return postgres(process.env.DATABASE_URL!);\n}`,
      filename: 'src/services/report.ts',
      errors: [
        { messageId: 'clientOutsideDbModule', data: { display: 'new Pool()' }, line: 3, column: 18 },
        { messageId: 'clientOutsideDbModule', data: { display: 'new Client()' }, line: 4, column: 18 },
        { messageId: 'clientOutsideDbModule', data: { display: 'postgres()' }, line: 7, column: 10 },
      ],
    },
  ],
});
