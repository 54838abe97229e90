import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-pool-error-listener';

const ruleTester = new RuleTester();

// The rule tester lints `file.ts`: TypeScript gets `err: Error` (@neondatabase/serverless types the listener as `any`).
const LISTENER = "pool.on('error', (err: Error) => { console.error('Idle Postgres client error', err); });";

ruleTester.run('require-pool-error-listener', rule, {
  valid: [
    // listener on the same variable
    `import { Pool } from 'pg';
const pool = new Pool();
pool.on('error', (err) => console.error(err));
export default pool;`,
    // once / addListener / prependListener
    `import { Pool } from 'pg'; export const pool = new Pool(); pool.once('error', () => {});`,
    `import { Pool } from 'pg'; export const pool = new Pool(); pool.addListener('error', () => {});`,
    `import { Pool } from 'pg'; export const pool = new Pool(); pool.prependListener('error', () => {});`,
    // chained on the construction, also after another chained listener
    `import { Pool } from 'pg'; export const pool = new Pool().on('error', () => {});`,
    `import { Pool } from 'pg'; export const pool = new Pool().on('connect', () => {}).on('error', () => {});`,
    // through an alias of the binding
    `import { Pool } from 'pg'; const pool = new Pool(); export const db = pool; db.on('error', () => {});`,
    // lazily cached in a module variable, listener inside the init function
    `import { Pool } from 'pg';
let pool: Pool | undefined;
export function getPool() {
  if (!pool) {
    pool = new Pool({ connectionString: process.env.DATABASE_URL });
    pool.on('error', (err) => console.error(err));
  }
  return pool;
}`,
    // globalThis cache (Next.js dev pattern), listener through the property
    `import { Pool } from 'pg';
const globalForDb = globalThis as unknown as { pool?: Pool };
export const pool = globalForDb.pool ?? new Pool();
globalForDb.pool = pool;
pool.on('error', () => {});`,
    `import { Pool } from 'pg';
const globalForDb = globalThis as unknown as { pool?: Pool };
if (!globalForDb.pool) globalForDb.pool = new Pool();
export const pool = globalForDb.pool;
pool.on('error', () => {});`,
    `import { Pool } from 'pg';
export function getPool() {
  globalThis.__pool ??= new Pool();
  globalThis.__pool.on('error', () => {});
  return globalThis.__pool;
}`,
    // class member, listener through this.pool
    `import { Pool } from 'pg';
export class Database {
  private pool = new Pool();
  constructor() { this.pool.on('error', (err) => this.log(err)); }
  log(err: Error) {}
}`,
    // built in a constructor and kept on the instance, listener on the local
    `import pg from 'pg';
export class PrismaService {
  pool: pg.Pool;
  constructor() {
    const pool = new pg.Pool();
    pool.on('error', () => {});
    this.pool = pool;
  }
}`,
    // handed to a same-file helper that attaches the listener
    `import { Pool } from 'pg';
function attachErrorHandler(p: Pool) { p.on('error', () => {}); }
export const pool = new Pool();
attachErrorHandler(pool);`,
    // drizzle exposes the pool it was given as $client
    `import { Pool } from 'pg'; import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle(new Pool());
db.$client.on('error', () => {});`,
    // an event name the rule cannot read may be 'error'
    `import { Pool } from 'pg'; const pool = new Pool(); for (const event of events) pool.on(event, log);`,
    // a pool created per call is no-per-request-client's
    `import { Pool } from 'pg'; export async function handler() { const pool = new Pool(); await pool.query('SELECT 1'); await pool.end(); }`,
    // a DI provider factory that attaches the listener, and a factory that is not a provider's
    `import { Pool } from 'pg';
export const providers = [
  {
    provide: 'PG_POOL',
    useFactory: () => {
      const pool = new Pool({ connectionString: process.env.DATABASE_URL });
      pool.on('error', (err) => console.error(err));
      return pool;
    },
  },
];`,
    `import { Pool } from 'pg'; export const jobs = { run: async () => { const pool = new Pool(); await pool.query('SELECT 1'); await pool.end(); } };`,
    // a single Client is not a pool
    `import { Client } from 'pg'; export const client = new Client();`,
    // neon() holds no connection
    `import { neon } from '@neondatabase/serverless'; export const sql = neon(process.env.DATABASE_URL!);`,
    // look-alikes: another package's Pool, a local class, a shadowed import
    `import { Pool } from 'generic-pool'; export const pool = new Pool();`,
    `class Pool {} export const pool = new Pool();`,
    `import { Pool } from 'pg'; export function make(Pool: any) { return new Pool(); }`,
    // a listener for another event on another pool does not count, but this pool has its own
    `import { Pool } from 'pg'; const a = new Pool(); a.on('error', () => {}); const b = new Pool().on('error', () => {});`,
    // edge and Workers files belong to serverless-client-lifecycle
    `import { Pool } from '@neondatabase/serverless'; export const runtime = 'edge'; const pool = new Pool();`,
    `import { Pool } from '@neondatabase/serverless'; const pool = new Pool(); export default { async fetch() { return new Response(); } };`,
    {
      code: `import { Pool } from '@neondatabase/serverless'; const pool = new Pool();`,
      settings: { neon: { runtime: 'worker' } },
    },
    // @prisma/adapter-pg (6.13+) attaches its own 'error' listener to the pool it is given, when Prisma connects
    `import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
export class PrismaService extends PrismaClient {
  private readonly pool: pg.Pool;
  constructor() {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }
}`,
    `import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
export const adapter = new PrismaPg(new Pool({ connectionString: process.env.DATABASE_URL }));`,
  ],
  invalid: [
    {
      name: 'a pool handed to a look-alike PrismaPg from elsewhere still needs its listener',
      code: `import { Pool } from 'pg';\nimport { PrismaPg } from './adapters';\nconst pool = new Pool();\nexport const adapter = new PrismaPg(pool);`,
      errors: [{ messageId: 'missingErrorListener', line: 3, column: 14, suggestions: [{ messageId: 'addErrorListener', data: { name: 'pool' }, output: `import { Pool } from 'pg';\nimport { PrismaPg } from './adapters';\nconst pool = new Pool();\n${LISTENER}\nexport const adapter = new PrismaPg(pool);` }] }],
    },
    {
      name: 'a pool handed to PrismaNeon, which makes its own pool and never listens on one it is given',
      code: `import { Pool } from 'pg';\nimport { PrismaNeon } from '@prisma/adapter-neon';\nconst pool = new Pool();\nexport const adapter = new PrismaNeon(pool);`,
      errors: [{ messageId: 'missingErrorListener', line: 3, column: 14, suggestions: [{ messageId: 'addErrorListener', data: { name: 'pool' }, output: `import { Pool } from 'pg';\nimport { PrismaNeon } from '@prisma/adapter-neon';\nconst pool = new Pool();\n${LISTENER}\nexport const adapter = new PrismaNeon(pool);` }] }],
    },
    {
      name: 'NestJS provider factory returning a pool',
      code: `import { Module } from '@nestjs/common';\nimport { Pool } from 'pg';\n@Module({\n  providers: [{ provide: 'PG_POOL', useFactory: () => new Pool({ connectionString: process.env.DATABASE_URL }) }],\n  exports: ['PG_POOL'],\n})\nexport class DatabaseModule {}`,
      errors: [{ messageId: 'missingErrorListener', data: { display: 'new Pool()' }, line: 4, column: 55, suggestions: [] }],
    },
    {
      name: 'NestJS async provider factory handing the pool to a Kysely dialect',
      code: `import { Pool } from 'pg';\nimport { Kysely, PostgresDialect } from 'kysely';\nexport const databaseProvider = {\n  provide: 'DB',\n  inject: ['OPTIONS'],\n  useFactory: async (options: { url: string }) => {\n    const dialect = new PostgresDialect({ pool: new Pool({ connectionString: options.url }) });\n    return new Kysely({ dialect });\n  },\n};`,
      errors: [{ messageId: 'unreachablePool', data: { display: 'new Pool()' }, line: 7, column: 49, suggestions: [] }],
    },
    {
      code: `import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport default pool;`,
      errors: [
        {
          messageId: 'missingErrorListener',
          line: 2,
          column: 14,
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'pool' },
              output: `import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n${LISTENER}\nexport default pool;`,
            },
          ],
        },
      ],
    },
    {
      // exported declaration, default import of a CommonJS package
      code: `import pg from 'pg';\nexport const pool = new pg.Pool();`,
      errors: [
        {
          messageId: 'missingErrorListener',
          line: 2,
          column: 21,
          suggestions: [{ messageId: 'addErrorListener', output: `import pg from 'pg';\nexport const pool = new pg.Pool();\n${LISTENER}` }],
        },
      ],
    },
    {
      // destructured require, aliased, listener for another event only
      code: `const { Pool: PgPool } = require('pg');\nconst db = new PgPool();\ndb.on('connect', () => {});\nmodule.exports = db;`,
      errors: [
        {
          messageId: 'missingErrorListener',
          line: 2,
          column: 12,
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'db' },
              output: `const { Pool: PgPool } = require('pg');\nconst db = new PgPool();\ndb.on('error', (err: Error) => { console.error('Idle Postgres client error', err); });\ndb.on('connect', () => {});\nmodule.exports = db;`,
            },
          ],
        },
      ],
    },
    {
      // namespace import, chained listener for another event
      code: `import * as pg from 'pg';\nexport const pool = new pg.Pool().on('connect', () => {});`,
      errors: [{ messageId: 'missingErrorListener', line: 2, column: 21, suggestions: [{ messageId: 'addErrorListener', output: `import * as pg from 'pg';\nexport const pool = new pg.Pool().on('connect', () => {});\n${LISTENER}` }] }],
    },
    {
      // pg-pool and @neondatabase/serverless in a Node file
      code: `import Pool from 'pg-pool';\nimport { Pool as NeonPool } from '@neondatabase/serverless';\nexport const a = new Pool();\na.on('error', () => {});\nexport const b = new NeonPool();\nb.once('exit', () => {});`,
      errors: [
        {
          messageId: 'missingErrorListener',
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `import Pool from 'pg-pool';\nimport { Pool as NeonPool } from '@neondatabase/serverless';\nexport const a = new Pool();\na.on('error', () => {});\nexport const b = new NeonPool();\nb.on('error', (err: Error) => { console.error('Idle Postgres client error', err); });\nb.once('exit', () => {});`,
            },
          ],
        },
      ],
    },
    {
      // lazily cached without a listener: no declaration to add the line after
      code: `import { Pool } from 'pg';\nlet pool;\nexport function getPool() {\n  pool ??= new Pool();\n  return pool;\n}`,
      errors: [{ messageId: 'missingErrorListener', line: 4, column: 12, suggestions: [] }],
    },
    {
      // globalThis cache, listener on another property
      code: `import { Pool } from 'pg';\nexport function getPool() {\n  globalThis.pgPool ||= new Pool();\n  globalThis.other.on('error', () => {});\n  return globalThis.pgPool;\n}`,
      errors: [{ messageId: 'missingErrorListener', line: 3, column: 25, suggestions: [] }],
    },
    {
      // built in a constructor and kept on the instance
      code: `import pg from 'pg';\nexport class Db {\n  pool: pg.Pool;\n  constructor() {\n    const pool = new pg.Pool();\n    this.pool = pool;\n  }\n}`,
      errors: [{ messageId: 'missingErrorListener', line: 5, column: 18, suggestions: [] }],
    },
    {
      // class member
      code: `import { Pool } from 'pg';\nexport class Db {\n  pool = new Pool();\n}`,
      errors: [{ messageId: 'missingErrorListener', line: 3, column: 10, suggestions: [] }],
    },
    {
      // dynamic import at module scope
      code: `const { Pool } = await import('pg');\nexport const pool = new Pool();`,
      errors: [{ messageId: 'missingErrorListener', line: 2, column: 21, suggestions: [{ messageId: 'addErrorListener', output: `const { Pool } = await import('pg');\nexport const pool = new Pool();\n${LISTENER}` }] }],
    },
    {
      // the same name listened in another scope is another variable
      code: `import { Pool } from 'pg';\nconst pool = new Pool();\nfunction f(pool: any) { pool.on('error', () => {}); }`,
      errors: [{ messageId: 'missingErrorListener', line: 2, column: 14, suggestions: [{ messageId: 'addErrorListener', output: `import { Pool } from 'pg';\nconst pool = new Pool();\n${LISTENER}\nfunction f(pool: any) { pool.on('error', () => {}); }` }] }],
    },
    {
      // handed straight to drizzle / Kysely: unreachable
      code: `import { Pool } from 'pg';\nimport { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(new Pool());`,
      errors: [{ messageId: 'unreachablePool', line: 3, column: 27, suggestions: [] }],
    },
    {
      code: `import { Pool } from 'pg';\nimport { Kysely, PostgresDialect } from 'kysely';\nexport const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) });`,
      errors: [{ messageId: 'unreachablePool', line: 3, column: 69, suggestions: [] }],
    },
    {
      // JavaScript: no annotation
      code: `const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports = pool;`,
      filename: 'db.js',
      errors: [
        {
          messageId: 'missingErrorListener',
          line: 2,
          column: 14,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `const { Pool } = require('pg');\nconst pool = new Pool();\npool.on('error', (err) => { console.error('Idle Postgres client error', err); });\nmodule.exports = pool;`,
            },
          ],
        },
      ],
    },
    {
      // assigned in a block at module scope: the listener goes right after the assignment, in the block
      code: `import { Pool } from '@neondatabase/serverless';\nexport let pool: Pool;\nif (typeof window === 'undefined') {\n  pool = new Pool({ connectionString: process.env.DATABASE_URL });\n}`,
      errors: [
        {
          messageId: 'missingErrorListener',
          line: 4,
          column: 10,
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'pool' },
              output: `import { Pool } from '@neondatabase/serverless';\nexport let pool: Pool;\nif (typeof window === 'undefined') {\n  pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  ${LISTENER}\n}`,
            },
          ],
        },
      ],
    },
    {
      // kept on the instance by a method: the listener goes on the property, after the assignment
      code: `import pg from 'pg';\nexport class Adapter {\n  pool?: pg.Pool;\n  connect(): void {\n    this.pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n  }\n}`,
      errors: [
        {
          messageId: 'missingErrorListener',
          line: 5,
          column: 17,
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'this.pool' },
              output: `import pg from 'pg';\nexport class Adapter {\n  pool?: pg.Pool;\n  connect(): void {\n    this.pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n    this.${LISTENER}\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // the assignment is the body of an \`if\` without a block: a listener after it would run on every call
      code: `import { Pool } from 'pg';\nlet pool: Pool | undefined;\nexport function getPool() {\n  if (!pool) pool = new Pool();\n  return pool;\n}`,
      errors: [{ messageId: 'missingErrorListener', line: 4, column: 21, suggestions: [] }],
    },
    {
      // part of a larger expression: no statement of its own to follow
      code: `import { Pool } from 'pg';\nlet pool: Pool | undefined;\nexport function getPool() {\n  return (pool = new Pool());\n}`,
      errors: [{ messageId: 'missingErrorListener', line: 4, column: 18, suggestions: [] }],
    },
    {
      // export default of the construction
      code: `import { Pool } from 'pg';\nexport default new Pool();`,
      errors: [{ messageId: 'missingErrorListener', line: 2, column: 16, suggestions: [] }],
    },
  ],
});
