import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/serverless-client-lifecycle';

const ruleTester = new RuleTester();

ruleTester.run('serverless-client-lifecycle', rule, {
  valid: [
    {
      name: 'neon() HTTP function at module scope of an edge route',
      filename: 'app/api/route.ts',
      code: `import { neon } from '@neondatabase/serverless';
export const runtime = 'edge';
const sql = neon(process.env.DATABASE_URL!);
export async function GET() { return Response.json(await sql\`select 1\`); }`,
    },
    {
      name: 'Pool created and closed in finally in an edge route',
      filename: 'app/api/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try { return Response.json((await pool.query('select 1')).rows); } finally { await pool.end(); }
}`,
    },
    {
      name: 'Pool closed with ctx.waitUntil in a Worker',
      filename: 'src/index.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export default {
  async fetch(request, env, ctx) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    const { rows } = await pool.query('select 1');
    ctx.waitUntil(pool.end());
    return Response.json(rows);
  },
};`,
    },
    {
      name: 'Client ended after use, wrapped by drizzle',
      filename: 'src/index.ts',
      code: `import { Client } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
export default {
  async fetch(request, env, ctx) {
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    const db = drizzle(client);
    const rows = await db.select().from(users);
    await client.end();
    return Response.json(rows);
  },
};`,
    },
    {
      name: 'a module-scope Pool in a Node file is not this rule',
      filename: 'src/db.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
    },
    {
      name: 'a pg Pool in an edge file (pg does not run there)',
      filename: 'app/api/route.ts',
      code: `import { Pool } from 'pg';
export const runtime = 'edge';
const pool = new Pool();`,
    },
    {
      name: 'a Pool from another package in a Worker',
      filename: 'src/index.ts',
      code: `import { Pool } from 'generic-pool';
const pool = new Pool();
export default { fetch: () => new Response('ok') };`,
    },
    {
      name: 'a shadowed Pool in a Worker',
      filename: 'src/index.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export default { async fetch(request, env) { const Pool = Map; const cache = new Pool(); return new Response('ok'); } };`,
    },
    {
      name: 'await using closes the client',
      filename: 'app/api/route.ts',
      code: `import { Client } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() { await using client = new Client(process.env.DATABASE_URL); await client.connect(); return new Response('ok'); }`,
    },
    {
      name: 'a Pool handed to a cleanup helper may be closed there',
      filename: 'app/api/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try { return Response.json((await pool.query('select 1')).rows); } finally { await closeAll(pool); }
}`,
    },
    {
      name: 'a Client returned to the caller',
      filename: 'src/index.ts',
      code: `import { Client } from '@neondatabase/serverless';
export default {
  async fetch(request, env) {
    const connect = async () => { const client = new Client(env.DATABASE_URL); await client.connect(); return client; };
    const client = await connect();
    try { return Response.json((await client.query('select 1')).rows); } finally { await client.end(); }
  },
};`,
    },
  ],
  invalid: [
    {
      name: 'module-scope Pool in an edge route, used only for queries: neon() suggestion',
      filename: 'app/api/users/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export const runtime = 'edge';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export async function GET() {
  const { rows } = await pool.query('select * from users where id = $1', [1]);
  return Response.json(rows);
}`,
      errors: [
        {
          messageId: 'moduleScopeClient',
          line: 3,
          column: 14,
          data: { display: 'new Pool()' },
          suggestions: [
            {
              messageId: 'useNeonHttp',
              output: `import { neon } from '@neondatabase/serverless';
export const runtime = 'edge';
const pool = neon(process.env.DATABASE_URL!, { fullResults: true });
export async function GET() {
  const { rows } = await pool.query('select * from users where id = $1', [1]);
  return Response.json(rows);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'Pool in a Workers fetch never closed: neon() suggestion reuses an existing neon import',
      filename: 'src/index.ts',
      code: `import { Pool, neon as httpSql } from '@neondatabase/serverless';
export default {
  async fetch(request, env, ctx) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    const result = await pool.query('select 1');
    return Response.json(result.rows);
  },
};`,
      errors: [
        {
          messageId: 'unclosedClient',
          line: 4,
          column: 18,
          data: { display: 'new Pool()', scope: 'a Workers fetch handler' },
          suggestions: [
            {
              messageId: 'useNeonHttp',
              output: `import { Pool, neon as httpSql } from '@neondatabase/serverless';
export default {
  async fetch(request, env, ctx) {
    const pool = httpSql(env.DATABASE_URL, { fullResults: true });
    const result = await pool.query('select 1');
    return Response.json(result.rows);
  },
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aliased import, Pool still used elsewhere: neon is added to the import',
      filename: 'app/api/route.ts',
      code: `import { Pool as NeonPool } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() {
  const pool = new NeonPool({ connectionString: process.env.DATABASE_URL });
  return Response.json((await pool.query('select 1')).rows);
}
export async function POST() {
  const pool = new NeonPool({ connectionString: process.env.DATABASE_URL });
  try { await pool.query('select 1'); } finally { await pool.end(); }
  return new Response(null);
}`,
      errors: [
        {
          messageId: 'unclosedClient',
          line: 4,
          column: 16,
          data: { display: 'new Pool()', scope: 'a route handler export' },
          suggestions: [
            {
              messageId: 'useNeonHttp',
              output: `import { Pool as NeonPool, neon } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() {
  const pool = neon(process.env.DATABASE_URL!, { fullResults: true });
  return Response.json((await pool.query('select 1')).rows);
}
export async function POST() {
  const pool = new NeonPool({ connectionString: process.env.DATABASE_URL });
  try { await pool.query('select 1'); } finally { await pool.end(); }
  return new Response(null);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'module-scope Client in a Worker: no suggestion for a Client',
      filename: 'src/worker.js',
      code: `const { Client } = require('@neondatabase/serverless');
const client = new Client(process.env.DATABASE_URL);
export default { async fetch(request) { await client.connect(); return new Response('ok'); } };`,
      errors: [{ messageId: 'moduleScopeClient', line: 2, column: 16, data: { display: 'new Client()' }, suggestions: [] }],
    },
    {
      name: 'lazy singleton inside fetch outlives the request',
      filename: 'src/index.ts',
      code: `import * as serverless from '@neondatabase/serverless';
let pool: serverless.Pool | undefined;
export default {
  async fetch(request, env) {
    pool ??= new serverless.Pool({ connectionString: env.DATABASE_URL });
    return Response.json((await pool.query('select 1')).rows);
  },
};`,
      errors: [{ messageId: 'moduleScopeClient', line: 5, column: 14, suggestions: [] }],
    },
    {
      name: 'drizzle over a new Pool in an edge route, never closed',
      filename: 'app/api/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
export const runtime = 'edge';
export async function GET() {
  const db = drizzle(new Pool({ connectionString: process.env.DATABASE_URL }));
  return Response.json(await db.select().from(users));
}`,
      errors: [{ messageId: 'unclosedClient', line: 5, column: 14, data: { display: 'drizzle()', scope: 'a route handler export' }, suggestions: [] }],
    },
    {
      name: 'drizzle neon-serverless from a URL at module scope',
      filename: 'app/api/route.ts',
      code: `import { drizzle } from 'drizzle-orm/neon-serverless';
export const config = { runtime: 'edge' };
export const db = drizzle(process.env.DATABASE_URL!);`,
      errors: [{ messageId: 'moduleScopeClient', line: 3, column: 19, data: { display: 'drizzle()' }, suggestions: [] }],
    },
    {
      name: 'a Pool wrapped by drizzle(pool) and never closed',
      filename: 'src/index.ts',
      code: `import { Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
export default {
  async fetch(request, env) {
    const pool = new Pool({ connectionString: env.DATABASE_URL });
    const db = drizzle(pool);
    return Response.json(await db.select().from(users));
  },
};`,
      errors: [{ messageId: 'unclosedClient', line: 5, column: 18, data: { display: 'new Pool()', scope: 'a Workers fetch handler' }, suggestions: [] }],
    },
    {
      name: 'a Pool used with connect() gets no suggestion',
      filename: 'app/api/route.ts',
      code: `import { Pool } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const client = await pool.connect();
  return new Response('ok');
}`,
      errors: [{ messageId: 'unclosedClient', line: 4, column: 16, suggestions: [] }],
    },
    {
      name: 'default import of the package at module scope of a Worker',
      filename: 'src/index.ts',
      code: `import serverless from '@neondatabase/serverless';
const pool = new serverless.Pool({ connectionString: process.env.DATABASE_URL });
export default { fetch: async () => Response.json((await pool.query('select 1')).rows) };`,
      errors: [{ messageId: 'moduleScopeClient', line: 2, column: 14, data: { display: 'new Pool()' }, suggestions: [] }],
    },
    {
      name: 'dynamic import inside a Workers fetch, never closed',
      filename: 'src/index.ts',
      code: `export default {
  async fetch(request, env) {
    const { Client } = await import('@neondatabase/serverless');
    const client = new Client(env.DATABASE_URL);
    await client.connect();
    return Response.json((await client.query('select 1')).rows);
  },
};`,
      errors: [{ messageId: 'unclosedClient', line: 4, column: 20, data: { display: 'new Client()', scope: 'a Workers fetch handler' }, suggestions: [] }],
    },
    {
      name: 'settings.neon.runtime forces edge',
      filename: 'src/lib/db.ts',
      settings: { neon: { runtime: 'edge' } },
      code: `import { Pool } from '@neondatabase/serverless';
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });`,
      errors: [{ messageId: 'moduleScopeClient', line: 2, column: 21, suggestions: [] }],
    },
  ],
});
