import { describe, expect, it } from 'vitest';

import { isConfiguredPrismaClient, isGeneratedPrismaClient } from '../../src/catalog/prisma-client';
import { getClientConstructions, getConfigSites } from '../../src/estree/module-tracking';
import { withRuleContext } from '../support/inline-rule';

function constructions(code: string, parser?: 'typescript' | 'espree') {
  return withRuleContext(
    code,
    (context) =>
      getClientConstructions(context.sourceCode).map(
        (found) => `${found.driver.id}:${found.spec.display}@${found.node.loc.start.line}`,
      ),
    { parser },
  );
}

describe('getClientConstructions', () => {
  it.each([
    ['named import', `import { Pool } from 'pg'; new Pool();`, ['pg:new Pool()@1']],
    ['aliased named import', `import { Pool as PgPool } from 'pg'; new PgPool();`, ['pg:new Pool()@1']],
    ['default import of a CommonJS package', `import pg from 'pg'; new pg.Pool(); new pg.Client();`, ['pg:new Pool()@1', 'pg:new Client()@1']],
    ['namespace import', `import * as pg from 'pg'; new pg.Pool();`, ['pg:new Pool()@1']],
    ['namespace default', `import * as pg from 'pg'; new pg.default.Pool();`, ['pg:new Pool()@1']],
    ['destructured require', `const { Pool } = require('pg'); new Pool();`, ['pg:new Pool()@1']],
    ['require member', `const Pool = require('pg').Pool; new Pool();`, ['pg:new Pool()@1']],
    ['require inline', `new (require('pg').Pool)();`, ['pg:new Pool()@1']],
    ['required module object', `const pg = require('pg'); new pg.Client();`, ['pg:new Client()@1']],
    ['destructured after import', `import pg from 'pg'; const { Pool } = pg; new Pool();`, ['pg:new Pool()@1']],
    ['dynamic import destructured', `async function f() { const { Pool } = await import('pg'); return new Pool(); }`, ['pg:new Pool()@1']],
    ['dynamic import default', `async function f() { const pg = await import('pg'); return new pg.default.Pool(); }`, ['pg:new Pool()@1']],
    ['pg-pool default', `import Pool from 'pg-pool'; new Pool();`, ['pg-pool:new Pool()@1']],
    ['postgres.js default', `import postgres from 'postgres'; const sql = postgres(url);`, ['postgres:postgres()@1']],
    ['postgres.js require', `const postgres = require('postgres'); postgres(url);`, ['postgres:postgres()@1']],
    ['knex default and named', `import knex from 'knex'; import { knex as k } from 'knex'; knex({}); k({});`, ['knex:knex()@1', 'knex:knex()@1']],
    ['knex required and called', `const db = require('knex')({ client: 'pg' });`, ['knex:knex()@1']],
    ['neon http', `import { neon, Pool } from '@neondatabase/serverless'; neon(u); new Pool();`, ['neon-serverless:neon()@1', 'neon-serverless:new Pool()@1']],
    ['prisma', `import { PrismaClient } from '@prisma/client'; new PrismaClient();`, ['prisma:new PrismaClient()@1']],
    ['drizzle', `import { drizzle } from 'drizzle-orm/node-postgres'; drizzle(process.env.DATABASE_URL!);`, ['drizzle:drizzle()@1']],
    ['typeorm', `import { DataSource, createConnection } from 'typeorm'; new DataSource({}); createConnection({});`, ['typeorm:new DataSource()@1', 'typeorm:createConnection()@1']],
    ['sequelize', `const { Sequelize } = require('sequelize'); new Sequelize('db', 'u', 'p');`, ['sequelize:new Sequelize()@1']],
    ['sequelize-typescript', `import { Sequelize } from 'sequelize-typescript'; new Sequelize({});`, ['sequelize:new Sequelize()@1']],
    ['kysely', `import { Kysely, PostgresDialect } from 'kysely'; new Kysely({ dialect: new PostgresDialect({}) });`, ['kysely:new Kysely()@1']],
    ['mikro-orm', `import { MikroORM } from '@mikro-orm/postgresql'; await MikroORM.init({});`, ['mikro-orm:MikroORM.init()@1']],
    ['pg-promise factory', `const pgp = require('pg-promise')(); const db = pgp(url);`, ['pg-promise:pgp()@1']],
    ['pg-promise inline', `const db = require('pg-promise')()(url);`, ['pg-promise:pgp()@1']],
    ['slonik', `import { createPool } from 'slonik'; await createPool(url);`, ['slonik:createPool()@1']],
    ['vercel', `import { createPool } from '@vercel/postgres'; createPool({});`, ['vercel-postgres:createPool()@1']],
  ])('finds %s', (_name, code, expected) => {
    expect(constructions(code)).toEqual(expected);
  });

  it.each([
    ['a Pool from another package', `import { Pool } from 'generic-pool'; new Pool();`],
    ['a Client from QStash', `import { Client } from '@upstash/qstash'; new Client({ token });`],
    ['a Client from Notion', `const { Client } = require('@notionhq/client'); new Client({ auth });`],
    ['a shadowed binding', `import { Pool } from 'pg'; function f(Pool) { return new Pool(); }`],
    ['a local class named Pool', `class Pool {} new Pool();`],
    ['a type-only use', `import type { Pool } from 'pg'; let p: Pool;`],
    ['a require that is not the global', `function f(require) { const { Pool } = require('pg'); return new Pool(); }`],
    ['an unrelated postgres identifier', `const postgres = (x) => x; postgres(url);`],
    ['PostgresDialect alone', `import { PostgresDialect } from 'kysely'; new PostgresDialect({ pool });`],
  ])('ignores %s', (_name, code) => {
    expect(constructions(code)).toEqual([]);
  });

  it('works on plain JavaScript with espree', () => {
    expect(constructions(`const { Pool } = require('pg');\nmodule.exports = new Pool();`, 'espree')).toEqual(['pg:new Pool()@2']);
  });
});

describe('getConfigSites', () => {
  it('finds framework and tool config calls', () => {
    const sites = withRuleContext(
      `import { TypeOrmModule } from '@nestjs/typeorm';\nimport { defineConfig } from 'drizzle-kit';\nTypeOrmModule.forRoot({});\nexport default defineConfig({});`,
      (context) => getConfigSites(context.sourceCode).map((site) => `${site.driver.id}:${site.spec.display}`),
    );
    expect(sites).toEqual(['nestjs-typeorm:TypeOrmModule.forRoot()', 'drizzle-kit:defineConfig()']);
  });
});

describe('generated Prisma client specifiers', () => {
  it.each([
    '../generated/prisma/client',
    '@/generated/prisma/client',
    '../../src/generated/prisma/client.js',
    'src/generated/prisma/client',
    '~/generated/prisma/client.ts',
    '#generated/prisma/client',
    '../generated/prisma',
    '../generated/prisma/index.js',
    '../generated/prisma/edge',
    './generated/client',
    '../prisma/generated/client',
    '../generated/prisma-client',
  ])('%s is a generated client by its shape', (specifier) => {
    expect(isGeneratedPrismaClient(specifier)).toBe(true);
  });

  it.each([
    './prisma',
    '@/lib/prisma',
    '../prisma/client',
    '@prisma/client/runtime/library',
    '../generated/prisma/models',
    '../generated/prisma/enums',
    '../generated/prisma/browser',
    '../generated/graphql',
    './generated',
    'generated-prisma',
  ])('%s is not', (specifier) => {
    expect(isGeneratedPrismaClient(specifier)).toBe(false);
  });

  it('matches configured outputs by project folder (relative imports resolved) or by alias', () => {
    const cwd = '/repo';
    expect(isConfiguredPrismaClient('../db/client', '/repo/src/routes/users.ts', cwd, ['src/db'])).toBe(true);
    expect(isConfiguredPrismaClient('../db/client.js', '/repo/src/routes/users.ts', cwd, ['./src/db/'])).toBe(true);
    expect(isConfiguredPrismaClient('@db/prisma/client', '/repo/src/a.ts', cwd, ['@db/prisma'])).toBe(true);
    expect(isConfiguredPrismaClient('src/db', '/repo/src/a.ts', cwd, ['src/db'])).toBe(true);
    expect(isConfiguredPrismaClient('../dbx/client', '/repo/src/routes/users.ts', cwd, ['src/db'])).toBe(false);
    expect(isConfiguredPrismaClient('./db/client', '/repo/src/routes/users.ts', cwd, ['src/db'])).toBe(false);
    expect(isConfiguredPrismaClient('../db/client', '/repo/src/routes/users.ts', cwd, [])).toBe(false);
  });

  it('finds PrismaClient constructions from generated paths and not from look-alikes', () => {
    expect(constructions(`import { PrismaClient } from '@/generated/prisma/client'; new PrismaClient();`)).toEqual(['prisma:new PrismaClient()@1']);
    expect(constructions(`import { PrismaClient } from '@prisma/client/edge'; new PrismaClient();`)).toEqual(['prisma:new PrismaClient()@1']);
    expect(constructions(`const m = require('../generated/prisma'); new m.PrismaClient();`)).toEqual(['prisma:new PrismaClient()@1']);
    expect(constructions(`async function f() { const { PrismaClient } = await import('../generated/prisma/client.js'); return new PrismaClient(); }`)).toEqual([
      'prisma:new PrismaClient()@1',
    ]);
    expect(constructions(`import { PrismaPg } from '@prisma/adapter-pg'; new PrismaPg({ connectionString: u });`)).toEqual(['prisma-adapter-pg:new PrismaPg()@1']);
    expect(constructions(`import type { PrismaClient } from '@/generated/prisma/client'; let c: PrismaClient;`)).toEqual([]);
    expect(constructions(`import { PrismaClient } from './prisma'; new PrismaClient();`)).toEqual([]);
    expect(constructions(`import { Client } from '../generated/client'; new Client();`)).toEqual([]);
  });
});
