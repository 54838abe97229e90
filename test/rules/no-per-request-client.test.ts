import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-per-request-client';

const ruleTester = new RuleTester();

ruleTester.run('no-per-request-client', rule, {
  valid: [
    {
      name: 'module-scope pool used in a route',
      code: `import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
app.get('/users', async (req, res) => res.json((await pool.query('select 1')).rows));`,
    },
    {
      name: 'lazy singleton with ??=',
      filename: 'app/api/users/route.ts',
      code: `import { Pool } from 'pg';
let pool: Pool | undefined;
export async function GET() { pool ??= new Pool(); return Response.json(await pool.query('select 1')); }`,
    },
    {
      name: 'guarded lazy singleton in a helper called from a handler',
      code: `import { Pool } from 'pg';
let pool;
function getPool() { if (!pool) { pool = new Pool(); } return pool; }
app.get('/', async (req, res) => { await getPool().query('select 1'); });`,
    },
    {
      name: 'early-return guarded singleton',
      code: `import postgres from 'postgres';
let sql;
function db() { if (sql) return sql; sql = postgres(process.env.DATABASE_URL); return sql; }
router.get('/', async (ctx) => { ctx.body = await db()\`select 1\`; });`,
    },
    {
      name: 'globalThis cache in a handler',
      filename: 'pages/api/users.ts',
      code: `import { PrismaClient } from '@prisma/client';
export default async function handler(req, res) {
  const prisma = (globalThis as any).prisma ||= new PrismaClient();
  res.json(await prisma.user.findMany());
}`,
    },
    {
      name: 'cached.conn on a module-scope object',
      code: `import { DataSource } from 'typeorm';
const cached: { conn?: Promise<DataSource> } = {};
app.post('/x', async (req, res) => {
  if (!cached.conn) cached.conn = new DataSource(options).initialize();
  res.send(await cached.conn);
});`,
    },
    {
      name: 'per-tenant cache on a module-scope map',
      code: `import { Pool } from 'pg';
const pools = new Map();
app.get('/t/:id', (req, res) => { if (!pools.has(req.params.id)) pools.set(req.params.id, new Pool({ connectionString: url(req) })); });`,
    },
    {
      name: 'cached call of a factory helper',
      code: `import { Pool } from 'pg';
let pool;
const makePool = () => new Pool();
app.get('/', async (req, res) => { pool ??= makePool(); });`,
    },
    {
      name: 'neon() HTTP function in a handler',
      filename: 'app/api/route.ts',
      code: `import { neon } from '@neondatabase/serverless';
export async function GET() { const sql = neon(process.env.DATABASE_URL!); return Response.json(await sql\`select 1\`); }`,
    },
    {
      name: 'drizzle over a module-scope pool',
      code: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
const pool = new Pool();
app.get('/', async (req, res) => { const db = drizzle(pool); res.json(await db.select().from(users)); });`,
    },
    {
      name: 'drizzle({ client }) over a module-scope pool',
      code: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
const pool = new Pool();
app.get('/', async (req, res) => { const db = drizzle({ client: pool }); });`,
    },
    {
      name: 'drizzle over neon() and drizzle neon-http from a URL',
      filename: 'app/api/route.ts',
      code: `import { neon } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
export async function GET() { const a = drizzle(neon(process.env.DATABASE_URL!)); const b = drizzle(process.env.DATABASE_URL!); }`,
    },
    {
      name: 'Hyperdrive binding in a Workers handler',
      filename: 'src/index.ts',
      code: `import { Client } from 'pg';
export default {
  async fetch(request, env, ctx) {
    const client = new Client({ connectionString: env.HYPERDRIVE.connectionString });
    await client.connect();
    return Response.json((await client.query('select 1')).rows);
  },
};`,
    },
    {
      name: 'Hyperdrive binding through a const in a Hono route',
      code: `import postgres from 'postgres';
app.get('/', async (c) => { const url = c.env.HYPERDRIVE.connectionString; const sql = postgres(url); return c.json(await sql\`select 1\`); });`,
    },
    {
      name: 'Neon serverless Pool in an edge route (serverless-client-lifecycle checks it)',
      filename: 'app/api/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() { const pool = new Pool({ connectionString: process.env.DATABASE_URL }); return Response.json(await pool.query('select 1')); }`,
    },
    {
      name: 'Neon serverless Client closed in the same handler',
      code: `import { Client } from '@neondatabase/serverless';
app.get('/', async (req, res) => {
  const client = new Client(process.env.DATABASE_URL);
  try { await client.connect(); res.json(await client.query('select 1')); } finally { await client.end(); }
});`,
    },
    {
      name: 'a Pool from another package',
      code: `import { Pool } from 'generic-pool';
app.get('/', (req, res) => { const p = new Pool(); });`,
    },
    {
      name: 'a shadowed binding',
      code: `import { Pool } from 'pg';
app.get('/', (req, res) => { const Pool = Map; const p = new Pool(); });`,
    },
    {
      name: 'one pool per tenant database in a loop',
      code: `import { Pool } from 'pg';
const pools = [];
for (const tenant of tenants) { pools.push(new Pool({ connectionString: tenant.url })); }`,
    },
    {
      name: 'a retry loop waiting for the database',
      code: `import { Client } from 'pg';
for (let attempt = 0; attempt < 10; attempt++) {
  const client = new Client();
  try { await client.connect(); await client.end(); break; } catch { await sleep(1000); }
}`,
    },
    {
      name: 'a memoizing cache.get(key, factory) is not a route',
      code: `import { Pool } from 'pg';
const pool = cache.get(key, () => new Pool());`,
    },
    {
      name: 'construction in app.listen and setup code',
      code: `import { Pool } from 'pg';
export function createApp() { const pool = new Pool(); app.get('/', (req, res) => pool.query('select 1')); return app; }
app.listen(3000, () => { const warm = new Pool(); });`,
    },
    {
      name: 'helper only called at startup',
      code: `import knex from 'knex';
function createDb() { return knex({ client: 'pg', connection: process.env.DATABASE_URL }); }
export const db = createDb();`,
    },
    // Prisma 7: the client is generated into the project; look-alikes that are not it.
    {
      name: "a project's own ./prisma module exporting a PrismaClient subclass",
      code: `import { PrismaClient } from './prisma';
app.get('/', async (req, res) => { const db = new PrismaClient(); res.json(await db.user.findMany()); });`,
    },
    {
      name: "a project's own prisma/client module (no generated folder)",
      code: `import { PrismaClient } from '../prisma/client';
app.get('/', async (req, res) => { const db = new PrismaClient(); res.json(await db.user.findMany()); });`,
    },
    {
      name: 'a type-only import of the generated client',
      filename: 'app/api/users/route.ts',
      code: `import type { PrismaClient } from '@/generated/prisma/client';
import { prisma } from '@/lib/prisma';
export async function GET() { const db: PrismaClient = prisma; return Response.json(await db.user.findMany()); }`,
    },
    {
      name: 'an error class from @prisma/client/runtime',
      code: `import { PrismaClientKnownRequestError } from '@prisma/client/runtime/library';
app.get('/', async (req, res) => { throw new PrismaClientKnownRequestError('x', { code: 'P2002', clientVersion: '6' }); });`,
    },
    {
      name: 'a generated module that is not the client entry (models)',
      code: `import { PrismaClient } from '../generated/prisma/models';
app.get('/', async (req, res) => { const db = new PrismaClient(); });`,
    },
    {
      name: 'a generated client behind a globalThis singleton with a driver adapter',
      filename: 'src/lib/prisma.ts',
      code: `import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export function getPrisma() {
  return (globalForPrisma.prisma ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) }));
}`,
    },
    {
      name: 'a client per request over an adapter that wraps the module pool',
      code: `import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { pool } from './db';
app.get('/', async (req, res) => { const db = new PrismaClient({ adapter: new PrismaPg(pool) }); res.json(await db.user.findMany()); });`,
    },
    {
      name: 'a driver adapter alone connects nothing',
      code: `import { PrismaPg } from '@prisma/adapter-pg';
app.get('/', async (req, res) => { res.json(describe(new PrismaPg({ connectionString: process.env.DATABASE_URL }))); });`,
    },
    {
      name: 'a configured output does not match a folder that only starts the same',
      filename: 'src/routes/users.ts',
      settings: { neon: { prismaClientOutputs: ['src/db'] } },
      code: `import { PrismaClient } from '../dbx/client';
app.get('/', async (req, res) => { const db = new PrismaClient(); });`,
    },
  ],
  invalid: [
    {
      name: 'Express route with a named import',
      code: `import { Pool } from 'pg';
app.get('/users', async (req, res) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  res.json((await pool.query('select * from users')).rows);
});`,
      errors: [
        {
          messageId: 'perRequestClient',
          line: 3,
          column: 16,
          data: { display: 'new Pool()', module: 'pg', scope: 'a route handler' },
        },
      ],
    },
    {
      name: 'aliased import in a router middleware chain',
      code: `import { Pool as PgPool } from 'pg';
router.post('/orders', auth, async (req, res) => { const db = new PgPool(); await db.query('insert into orders default values'); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 63 }],
    },
    {
      // the driver's own close method (the catalog's): MikroORM closes with close(), pg-promise with $pool.end()
      name: 'MikroORM opened and closed per request',
      code: `import { MikroORM } from '@mikro-orm/postgresql';
app.get('/', async (req, res) => {
  const orm = await MikroORM.init({ clientUrl: process.env.DATABASE_URL });
  try { res.json(await orm.em.fork().find('User', {})); } finally { await orm.close(); }
});`,
      errors: [{ messageId: 'perRequestConnection', line: 3, column: 21, data: { display: 'MikroORM.init()', module: '@mikro-orm/postgresql', scope: 'a route handler' } }],
    },
    {
      name: 'pg-promise database closed per request through its pool',
      code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
app.get('/', async (req, res) => {
  const db = pgp(process.env.DATABASE_URL);
  res.json(await db.any('select 1'));
  await db.$pool.end();
});`,
      errors: [{ messageId: 'perRequestConnection', line: 4, column: 14, data: { display: 'pgp()', module: 'pg-promise', scope: 'a route handler' } }],
    },
    {
      // a method the driver does not have closes nothing: a pg Pool has end(), not close()
      name: 'pg Pool "closed" with a method it does not have',
      code: `import { Pool } from 'pg';
app.get('/', async (req, res) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  res.json(await pool.query('select 1'));
  await pool.close();
});`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 16, data: { display: 'new Pool()', module: 'pg', scope: 'a route handler' } }],
    },
    {
      name: 'namespace import, connected and closed per request',
      code: `import * as pg from 'pg';
app.get('/', async (req, res) => {
  const client = new pg.Client(process.env.DATABASE_URL);
  await client.connect();
  try { res.json(await client.query('select 1')); } finally { await client.end(); }
});`,
      errors: [{ messageId: 'perRequestConnection', line: 3, column: 18, data: { display: 'new Client()', module: 'pg', scope: 'a route handler' } }],
    },
    {
      name: 'default import of the CommonJS package in a Next.js route',
      filename: 'app/api/users/route.ts',
      code: `import pg from 'pg';
export async function GET() {
  const pool = new pg.Pool();
  return Response.json((await pool.query('select 1')).rows);
}`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 16, data: { display: 'new Pool()', module: 'pg', scope: 'a route handler export' } }],
    },
    {
      name: 'destructured require in a Lambda handler',
      filename: 'src/handler.js',
      code: `const { Client } = require('pg');
exports.handler = async (event) => {
  const client = new Client();
  await client.connect();
  return (await client.query('select 1')).rows;
};`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 18, data: { display: 'new Client()', module: 'pg', scope: 'a serverless function handler' } }],
    },
    {
      name: 'dynamic import in a pages/api route',
      filename: 'pages/api/users.ts',
      code: `export default async function handler(req, res) {
  const { Pool } = await import('pg');
  const pool = new Pool();
  res.json((await pool.query('select 1')).rows);
}`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 16, data: { display: 'new Pool()', module: 'pg', scope: 'a Next.js API route' } }],
    },
    {
      name: 'drizzle(new Pool()) is one finding at drizzle',
      code: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
app.get('/', async (req, res) => { const db = drizzle(new Pool()); });`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 47, data: { display: 'drizzle()', module: 'drizzle-orm/node-postgres', scope: 'a route handler' } }],
    },
    {
      name: 'Kysely around a new pg Pool is one finding at Kysely',
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
fastify.get('/', async () => new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) }));`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 30, data: { display: 'new Kysely()', module: 'kysely', scope: 'a route handler' } }],
    },
    {
      name: 'drizzle from a URL builds its own pool',
      filename: 'app/api/route.ts',
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
export const POST = async (request: Request) => { const db = drizzle(process.env.DATABASE_URL!); };`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 62 }],
    },
    {
      name: 'a wrapped per-request pool is reported once, at the pool',
      code: `import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
app.get('/', async (req, res) => { const pool = new Pool(); const db = drizzle(pool); });`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 49 }],
    },
    {
      name: 'Prisma disconnected per request in a server action',
      filename: 'app/actions.ts',
      code: `'use server';
import { PrismaClient } from '@prisma/client';
export async function createUser(name: string) {
  const prisma = new PrismaClient();
  try { await prisma.user.create({ data: { name } }); } finally { await prisma.$disconnect(); }
}`,
      errors: [{ messageId: 'perRequestConnection', line: 4, column: 18, data: { display: 'new PrismaClient()', module: '@prisma/client', scope: 'a server action' } }],
    },
    {
      name: 'postgres.js per iteration of a loop',
      code: `import postgres from 'postgres';
for (const id of ids) {
  const sql = postgres(process.env.DATABASE_URL);
  await sql\`delete from jobs where id = \${id}\`;
}`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 15, data: { display: 'postgres()', module: 'postgres', scope: 'a loop body' } }],
    },
    {
      name: 'forEach callback',
      code: `import { Client } from 'pg';
items.forEach(async (item) => { const c = new Client(); await c.connect(); await c.query('update t set x = 1'); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 43, data: { display: 'new Client()', module: 'pg', scope: 'an array iteration callback' } }],
    },
    {
      name: 'same-file factory helper called from a handler',
      code: `import { Pool } from 'pg';
function getDb() {
  return new Pool({ connectionString: process.env.DATABASE_URL });
}
app.get('/', async (req, res) => { res.json(await getDb().query('select 1')); });`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 10, data: { display: 'new Pool()', module: 'pg', scope: '`getDb()`, called from a route handler' } }],
    },
    {
      name: 'query helper that connects and closes, called from a handler',
      code: `const { Client } = require('pg');
const query = async (text) => { const client = new Client(); await client.connect(); const r = await client.query(text); await client.end(); return r; };
http.createServer(async (req, res) => res.end(JSON.stringify(await query('select 1'))));
const http = require('node:http');`,
      errors: [{ messageId: 'perRequestConnection', line: 2, column: 48, data: { display: 'new Client()', module: 'pg', scope: '`query()`, called from an http.createServer() request listener' } }],
    },
    {
      name: 'Neon serverless Pool in a Node route, never closed',
      code: `import { Pool } from '@neondatabase/serverless';
app.get('/', async (req, res) => { const pool = new Pool(); res.json(await pool.query('select 1')); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 49 }],
    },
    {
      name: 'knex in a NestJS controller method',
      code: `import { Controller, Get } from '@nestjs/common';
import knex from 'knex';
@Controller('users')
export class UsersController {
  @Get()
  async list() { const db = knex({ client: 'pg', connection: process.env.DATABASE_URL }); return db('users'); }
}`,
      errors: [{ messageId: 'perRequestClient', line: 6, column: 29, data: { display: 'knex()', module: 'knex', scope: 'a NestJS route method' } }],
    },
    {
      name: 'stored on the request object',
      code: `import { Pool } from 'pg';
app.use((req, res, next) => { req.db = new Pool(); next(); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 40 }],
    },
    {
      name: 'unguarded reassignment of a module variable',
      code: `import { Pool } from 'pg';
let pool;
app.get('/', async (req, res) => { pool = new Pool(); });`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 43 }],
    },
    {
      name: 'tRPC procedure with Sequelize',
      code: `import { Sequelize } from 'sequelize';
export const appRouter = router({ list: publicProcedure.query(async () => { const s = new Sequelize(process.env.DATABASE_URL); await s.close(); }) });`,
      errors: [{ messageId: 'perRequestConnection', line: 2, column: 87, data: { display: 'new Sequelize()', module: 'sequelize', scope: 'a tRPC procedure' } }],
    },
    // Prisma 7 (and 6 with the prisma-client generator): the client imported from where it is generated.
    {
      name: 'Prisma 7 client from the @/ alias of the generated output, with a driver adapter, in a route handler',
      filename: 'app/api/users/route.ts',
      code: `import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
export async function GET() {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
  return Response.json(await prisma.user.findMany());
}`,
      errors: [{ messageId: 'perRequestClient', line: 4, column: 18, data: { display: 'new PrismaClient()', module: '@/generated/prisma/client', scope: 'a route handler export' } }],
    },
    {
      name: 'aliased import from a relative .js path',
      code: `import { PrismaClient as Db } from '../../src/generated/prisma/client.js';
app.get('/', async (req, res) => { const db = new Db(); res.json(await db.user.findMany()); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 47, data: { display: 'new PrismaClient()', module: '../../src/generated/prisma/client.js', scope: 'a route handler' } }],
    },
    {
      name: 'namespace import from a baseUrl path',
      code: `import * as generated from 'src/generated/prisma/client';
app.get('/', async (req, res) => { const db = new generated.PrismaClient(); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 47 }],
    },
    {
      name: 'destructured require of a prisma-client-js custom output',
      code: `const { PrismaClient } = require('../generated/prisma');
app.get('/', async (req, res) => { const db = new PrismaClient(); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 47, data: { display: 'new PrismaClient()', module: '../generated/prisma', scope: 'a route handler' } }],
    },
    {
      name: 'the default prisma-client-js output, .prisma/client',
      code: `import { PrismaClient } from '.prisma/client';
app.get('/', async (req, res) => { const db = new PrismaClient(); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 47 }],
    },
    {
      name: 'a module-scope adapter from a config makes a pool for every client it is given',
      code: `import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL });
app.get('/', async (req, res) => { const db = new PrismaClient({ adapter }); });`,
      errors: [{ messageId: 'perRequestClient', line: 4, column: 47 }],
    },
    {
      name: 'a PrismaNeon adapter built per request',
      code: `import { PrismaNeon } from '@prisma/adapter-neon';
import { PrismaClient } from '@prisma/client';
app.get('/', async (req, res) => { const db = new PrismaClient({ adapter: new PrismaNeon({ connectionString: process.env.DATABASE_URL }) }); });`,
      errors: [{ messageId: 'perRequestClient', line: 3, column: 47 }],
    },
    {
      name: 'a custom generator output named in settings.neon, imported relatively',
      filename: 'src/routes/users.ts',
      settings: { neon: { prismaClientOutputs: ['src/db'] } },
      code: `import { PrismaClient } from '../db/client';
app.get('/', async (req, res) => { const db = new PrismaClient(); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 47, data: { display: 'new PrismaClient()', module: '../db/client', scope: 'a route handler' } }],
    },
    {
      name: 'a custom generator output named in settings.neon by its alias',
      settings: { neon: { prismaClientOutputs: ['@db/prisma'] } },
      code: `import { PrismaClient } from '@db/prisma/client';
app.get('/', async (req, res) => { const db = new PrismaClient(); });`,
      errors: [{ messageId: 'perRequestClient', line: 2, column: 47 }],
    },
  ],
});
