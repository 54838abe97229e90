import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-client-release';

const ruleTester = new RuleTester();

const POOL = `import { Pool } from 'pg';\nconst pool = new Pool();\npool.on('error', () => {});\n`;

ruleTester.run('require-client-release', rule, {
  valid: [
    // release in finally
    `${POOL}export async function run() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}`,
    // transaction with rollback in catch, nested try, release(true) in finally
    `${POOL}export async function transfer() {
  const client = await pool.connect();
  try {
    try {
      await client.query('BEGIN');
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  } finally {
    client.release(true);
  }
}`,
    // a released flag guards the release in finally
    `${POOL}export async function run() {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query('SELECT 1');
    client.release();
    released = true;
  } finally {
    if (!released) client.release();
  }
}`,
    // acquisition inside the try, optional release
    `${POOL}export async function run() {
  let client;
  try {
    client = await pool.connect();
    await client.query('SELECT 1');
  } finally {
    client?.release();
  }
}`,
    // the try inside an outer try
    `${POOL}export async function run() {
  try {
    const client = await pool.connect();
    try { return await client.query('SELECT 1'); } finally { client.release(); }
  } catch (err) {
    console.error(err);
  }
}`,
    // a connectivity check releases right away: nothing in between can throw
    `export class Db { constructor(private pool: any) {} async check() { const client = await this.pool.connect(); client.release(); } }`,
    // await using / using
    `${POOL}export async function run() { await using client = await pool.connect(); await client.query('SELECT 1'); }`,
    // release on both paths through try and catch
    `${POOL}export async function run() {
  const client = await pool.connect();
  try {
    const result = await client.query('SELECT 1');
    client.release();
    return result;
  } catch (err) {
    client.release(err as Error);
    throw err;
  }
}`,
    // ownership passes to the caller or to a helper
    `${POOL}export async function checkout() { const client = await pool.connect(); await client.query('SET search_path TO app'); return client; }`,
    `${POOL}export async function run() { const client = await pool.connect(); return withTransaction(client, (tx) => tx.query('SELECT 1')); }`,
    // released in a callback (streams): not analysed
    `${POOL}export async function stream(res) { const client = await pool.connect(); const s = client.query(cursor); s.on('end', () => client.release()); s.pipe(res); }`,
    // a dedicated LISTEN connection is held on purpose
    `${POOL}export async function listen() { const client = await pool.connect(); client.on('notification', (msg) => console.log(msg)); await client.query('LISTEN jobs'); }`,
    // checked out at module scope
    `${POOL}const client = await pool.connect(); await client.query('LISTEN jobs');`,
    // a pg Client connects without a release
    `import { Client } from 'pg';
export async function run() {
  const client = new Client();
  await client.connect();
  try { await client.query('SELECT 1'); } finally { await client.end(); }
}`,
    `import pg from 'pg'; export async function run() { const c = new pg.Client(); const r = await c.connect(); await c.end(); }`,
    // unrelated connect() calls
    `import mongoose from 'mongoose'; export async function start() { const conn = await mongoose.connect(url); await conn.disconnect(); }`,
    `import { createClient } from 'redis'; const redis = createClient(); export async function start() { await redis.connect(); }`,
    `export async function start(db) { const conn = await db.connect(); await conn.query('SELECT 1'); }`,
    // an unknown receiver whose result is never released is not known to be a pool
    `export async function start(socket) { const session = await socket.connect(); session.send('x'); }`,
    // callback form: done in every path; the connect error guard needs no release
    `${POOL}pool.connect((err, client, done) => {
  if (err) return console.error(err);
  client.query('SELECT 1', (err, res) => {
    done();
    if (err) return console.error(err);
    console.log(res.rows);
  });
});`,
    // callback form: done handed to a stream
    `${POOL}pool.connect((err, client, done) => { const s = client.query(cursor); s.on('end', done); });`,
    // a pg Client's connect(cb)
    `import { Client } from 'pg'; const c = new Client(); c.connect((err) => { if (err) throw err; });`,
    // another library's connect callback with two parameters
    `net.connect((err, socket) => { socket.write('x'); });`,
  ],
  invalid: [
    {
      // no release at all
      code: `${POOL}export async function run() {\n  const client = await pool.connect();\n  await client.query('SELECT 1');\n}`,
      errors: [{ messageId: 'missingRelease', data: { connect: 'pool.connect()' }, line: 5, column: 24 }],
    },
    {
      // discarded client
      code: `${POOL}export async function warm() {\n  await pool.connect();\n}`,
      errors: [{ messageId: 'missingRelease', line: 5, column: 9 }],
    },
    {
      // release only at the end of the work (unknown receiver: the release is the signal)
      code: `export async function run(pool) {\n  const client = await pool.connect();\n  await client.query('SELECT 1');\n  client.release();\n}`,
      errors: [{ messageId: 'releaseNotInFinally', data: { name: 'client' }, line: 4, column: 3 }],
    },
    {
      // release only at the end of the try body, catch does not release
      code: `${POOL}export async function run() {\n  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n    client.release();\n  } catch (err) {\n    console.error(err);\n  }\n}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 8, column: 5 }],
    },
    {
      // other work between checkout and release can throw too
      code: `export async function check(pool) {\n  const client = await pool.connect();\n  await warmUp();\n  client.release();\n}`,
      errors: [{ messageId: 'releaseNotInFinally', line: 4, column: 3 }],
    },
    {
      // work before the try that releases
      code: `${POOL}export async function run() {\n  const client = await pool.connect();\n  await client.query('BEGIN');\n  try {\n    await client.query('COMMIT');\n  } finally {\n    client.release();\n  }\n}`,
      errors: [{ messageId: 'useOutsideTry', data: { name: 'client' }, line: 6, column: 9 }],
    },
    {
      // released in try and in finally
      code: `${POOL}export async function run() {\n  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n    client.release();\n  } finally {\n    client.release();\n  }\n}`,
      errors: [{ messageId: 'doubleRelease', line: 8, column: 5 }],
    },
    {
      // released twice in finally, and once more after
      code: `${POOL}export async function run() {\n  const conn = await pool.connect();\n  try {\n    await conn.query('SELECT 1');\n  } finally {\n    conn.release();\n    conn.release(true);\n  }\n  conn.release();\n}`,
      errors: [
        { messageId: 'doubleRelease', data: { name: 'conn' }, line: 10, column: 5 },
        { messageId: 'doubleRelease', data: { name: 'conn' }, line: 12, column: 3 },
      ],
    },
    {
      // released in catch and, behind a mere presence test, in finally
      code: `${POOL}export async function run() {\n  const client = await pool.connect();\n  try {\n    await client.query('SELECT 1');\n  } catch (e) {\n    client.release(e as Error);\n    throw e;\n  } finally {\n    if (client != null) client.release();\n  }\n}`,
      errors: [{ messageId: 'doubleRelease', line: 9, column: 5 }],
    },
    {
      // aliased import, class property pool, no release
      code: `import { Pool as PgPool } from 'pg';\nexport class Repo {\n  pool = new PgPool();\n  async count() {\n    const client = await this.pool.connect();\n    return (await client.query('SELECT count(*) FROM t')).rows;\n  }\n}`,
      errors: [{ messageId: 'missingRelease', data: { connect: 'this.pool.connect()' }, line: 5, column: 26 }],
    },
    {
      // destructured require of pg-pool's default, TS cast around the await
      code: `const Pool = require('pg-pool');\nconst db = new Pool();\nexport async function run() {\n  const client = (await db.connect()) as any;\n  await client.query('SELECT 1');\n}`,
      errors: [{ messageId: 'missingRelease', line: 4, column: 25 }],
    },
    {
      // @neondatabase/serverless Pool in a Node file, namespace import
      code: `import * as neon from '@neondatabase/serverless';\nconst pool = new neon.Pool();\nexport async function run() {\n  const client = await pool.connect();\n  await client.query('SELECT 1');\n}`,
      errors: [{ messageId: 'missingRelease', line: 4, column: 24 }],
    },
    {
      // callback form: done never called
      code: `${POOL}pool.connect((err, client, done) => {\n  client.query('SELECT 1', (err, res) => console.log(res));\n});`,
      errors: [{ messageId: 'missingDone', data: { done: 'done', connect: 'pool.connect()' }, line: 4, column: 1 }],
    },
    {
      // callback form: the query error path returns before done()
      code: `${POOL}pool.connect((err, client, release) => {\n  if (err) return console.error(err);\n  client.query('SELECT 1', (err, res) => {\n    if (err) {\n      console.error(err);\n      return;\n    }\n    release();\n  });\n});`,
      errors: [{ messageId: 'doneSkippedOnExit', data: { done: 'release' }, line: 9, column: 7 }],
    },
    {
      // callback form with two parameters on a tracked pool, client.release() never called
      code: `${POOL}pool.connect((err, client) => {\n  client.query('SELECT 1');\n});`,
      errors: [{ messageId: 'missingDone', data: { done: 'client.release', connect: 'pool.connect()' }, line: 4, column: 1 }],
    },
  ],
});
