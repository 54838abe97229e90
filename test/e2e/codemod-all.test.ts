import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import type { Linter } from 'eslint';
import { Client } from 'pg';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { transformForRule } from '../../codemods/analyze';
import { walkSourceFiles } from '../../codemods/lib/files';
import { CODEMODS } from '../../codemods/registry';
import plugin from '../../src';
import { git } from '../support/git-repo';
import { startPostgres, type PostgresServer } from '../support/postgres';

/**
 * DESIGN.md "Proof that the codemods are right", on the legacy apps under
 * fixtures/projects: each is copied into the repository (so it resolves this
 * repository's node_modules), committed, and rewritten by the built
 * `neon-codemod all`. Then: (1) the recommended preset reports nothing a
 * registered transform answers, (2) TypeScript apps type-check against the
 * real type packages, (3) a second run changes nothing, (4) the schema the new
 * migrations build equals the one the old startup code built, (5) the app
 * answers HTTP requests the same before and after, and the generated pg db
 * module survives `pg_terminate_backend` of its idle connection.
 *
 * Where a transform of the chain has not landed yet, the test asserts what
 * is true today, precisely, behind `registered(...)`.
 */

const REPO = path.resolve(__dirname, '../..');
const WORK = path.join(REPO, '.tmp', `e2e-${process.pid}`);
const CLI = path.join(WORK, 'build', 'codemods', 'cli.js');
const FIXTURES = path.join(REPO, 'fixtures', 'projects');
const WAIT_MS = 20_000;

const registered = (name: string) => CODEMODS.some((codemod) => codemod.meta.name === name);

/** Bookkeeping tables of the migration tools: not part of the app's schema. */
const BOOKKEEPING_TABLES = [
  'pgmigrations',
  'pgmigrations_id_seq',
  'knex_migrations',
  'knex_migrations_id_seq',
  'knex_migrations_lock',
  'knex_migrations_lock_index_seq',
  'migrations',
  'migrations_id_seq',
  'typeorm_metadata',
  '"SequelizeMeta"',
];

interface HttpStep {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

interface AppCase {
  readonly name: string;
  readonly typescript: boolean;
  /** rule → findings (`file:line`) a registered transform answers but leaves, as of today; [] is the goal */
  readonly leftToday: readonly string[];
  /** JS apps whose old code builds the schema at startup: run old and new, compare schema and HTTP */
  readonly server?: {
    readonly entry: string;
    readonly requests: readonly HttpStep[];
    /** where the new schema comes from: generated migrations, or a baseline a human writes (from the old schema's dump here) */
    readonly schemaFrom: 'migrations' | 'baseline-by-hand';
  };
}

const APPS: readonly AppCase[] = [
  {
    name: 'express-pg',
    typescript: false,
    leftToday: [],
    server: {
      entry: 'src/server.js',
      schemaFrom: 'migrations',
      requests: [
        { method: 'GET', path: '/health' },
        { method: 'POST', path: '/users', body: { email: 'ada@example.com', name: 'Ada' } },
        { method: 'GET', path: '/users' },
        { method: 'POST', path: '/orders', body: { userId: 1, totalCents: 1250 } },
        { method: 'GET', path: '/orders' },
      ],
    },
  },
  {
    name: 'express-sequelize',
    typescript: false,
    leftToday: [],
    server: {
      entry: 'src/server.js',
      schemaFrom: 'baseline-by-hand',
      requests: [
        { method: 'GET', path: '/health' },
        { method: 'POST', path: '/authors', body: { name: 'Grace' } },
        { method: 'POST', path: '/notes', body: { title: 'first', body: 'hello', authorId: 1 } },
        { method: 'GET', path: '/notes' },
      ],
    },
  },
  { name: 'express-typeorm', typescript: true, leftToday: [] },
  {
    name: 'fastify-knex',
    typescript: true,
    leftToday: [],
  },
  { name: 'nextjs-prisma', typescript: true, leftToday: [] },
  { name: 'hono-drizzle-neon', typescript: true, leftToday: [] },
];

// ---------------------------------------------------------------------------
// helpers

function copyFixture(name: string, as: string): string {
  const dir = path.join(WORK, as);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
}

function runAll(dir: string) {
  const result = spawnSync(process.execPath, [CLI, 'all', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The recommended preset, as a user's eslint.config.js would spread it. */
function recommendedFindings(dir: string): { ruleId: string; where: string }[] {
  const { Linter: LinterClass } = require('eslint') as typeof import('eslint');
  const config = [
    { files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], languageOptions: { parser: require('@typescript-eslint/parser'), sourceType: 'module' } },
    { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    ...(plugin.configs.recommended as Linter.Config[]),
  ] as Linter.Config[];
  const linter = new LinterClass({ configType: 'flat', cwd: dir });
  const findings: { ruleId: string; where: string }[] = [];
  for (const file of walkSourceFiles([dir], { includeNames: ['package.json'] }).files) {
    for (const message of linter.verify(fs.readFileSync(file, 'utf8'), config, { filename: file })) {
      expect(message.fatal, `${file}: ${message.message}`).toBeFalsy();
      findings.push({ ruleId: message.ruleId!, where: `${path.relative(dir, file)}:${message.line}` });
    }
  }
  return findings;
}

function typeErrors(dir: string): string[] {
  const files = walkSourceFiles([dir]).files.filter((file) => /\.tsx?$/.test(file));
  // nextjs-prisma's stand-in for the generated Prisma client (the walk skips declaration files).
  const declarations = fs.existsSync(path.join(dir, 'types'))
    ? fs.readdirSync(path.join(dir, 'types')).filter((file) => file.endsWith('.d.ts')).map((file) => path.join(dir, 'types', file))
    : [];
  const program = ts.createProgram([...files, ...declarations], {
    strict: false,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    types: ['node'],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.relative(dir, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface RunningApp {
  readonly child: ChildProcess;
  readonly base: string;
  output(): string;
  stop(): Promise<void>;
}

async function startApp(dir: string, entry: string, databaseUrl: string): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], { cwd: dir, env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const app: RunningApp = {
    child,
    base,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${dir} ${entry} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return app;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`${dir} ${entry} did not answer within ${WAIT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function exchange(app: RunningApp, steps: readonly HttpStep[]): Promise<{ request: string; status: number; body: string }[]> {
  const answers = [];
  for (const step of steps) {
    const response = await fetch(`${app.base}${step.path}`, {
      method: step.method,
      ...(step.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(step.body) } : {}),
    });
    answers.push({ request: `${step.method} ${step.path}`, status: response.status, body: await response.text() });
  }
  return answers;
}

/** Runs the app's migrations with the generated db module's `migrate()` (node-pg-migrate); returns the migration files. */
function applyMigrations(dir: string, databaseUrl: string): string[] {
  const folder = path.join(dir, 'migrations');
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((file) => !file.startsWith('.')) : [];
  if (files.length > 0) {
    execFileSync(process.execPath, ['-e', "const db = require('./src/db'); db.migrate().then(() => db.closeDb())"], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  }
  return files;
}

// ---------------------------------------------------------------------------
// the server

let server: PostgresServer;

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The legacy express-pg code asks for TLS (`ssl: { rejectUnauthorized: false }`),
 * as it would on Neon: the local server gets a self-signed certificate.
 */
async function enableTls(): Promise<void> {
  await admin(async (client) => {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    const dataDir = rows[0]!.data_directory;
    const key = path.join(dataDir, 'server.key');
    const cert = path.join(dataDir, 'server.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const owner = fs.statSync(dataDir);
    for (const file of [key, cert]) fs.chownSync(file, owner.uid, owner.gid);
    fs.chmodSync(key, 0o600);
    await client.query('ALTER SYSTEM SET ssl = on');
    await client.query('SELECT pg_reload_conf()');
  });
  // The reload is asynchronous: wait until new connections see it.
  for (let attempt = 0; attempt < 50; attempt++) {
    const ssl = await admin(async (client) => (await client.query<{ ssl: string }>('SHOW ssl')).rows[0]!.ssl);
    if (ssl === 'on') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('PostgreSQL did not turn TLS on');
}

function schemaDump(databaseUrl: string): string {
  const pgDump = server.tool('pg_dump');
  if (!pgDump) throw new Error('pg_dump is not installed');
  const excluded = BOOKKEEPING_TABLES.flatMap((table) => ['--exclude-table', table]);
  const dump = execFileSync(pgDump, ['--schema-only', '--no-owner', '--no-privileges', ...excluded, databaseUrl], { encoding: 'utf8' });
  // Comments, settings and pg_dump's per-run \restrict key are not schema.
  return dump
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('--') && !line.startsWith('SET ') && !line.startsWith('\\') && !line.startsWith('SELECT pg_catalog.set_config'))
    .join('\n');
}

function tablesIn(dump: string): string[] {
  return [...dump.matchAll(/^CREATE TABLE public\.("?\w+"?)/gm)].map((match) => match[1]!).sort();
}

// ---------------------------------------------------------------------------

beforeAll(async () => {
  fs.mkdirSync(WORK, { recursive: true });
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(WORK, 'build')], {
    cwd: REPO,
    encoding: 'utf8',
  });
  // Type errors in colleagues' in-progress files still emit; only a missing binary stops the suite.
  if (!fs.existsSync(CLI)) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  server = await startPostgres();
  await enableTls();
}, 180_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(WORK, { recursive: true, force: true });
});

describe.each(APPS)('neon-codemod all on fixtures/projects/$name', (app) => {
  let dir: string;
  let firstRun: { code: number | null; output: string };

  beforeAll(() => {
    dir = copyFixture(app.name, app.name);
    git(dir, 'init', '--quiet', '--initial-branch=main');
    commitAll(dir, 'legacy app');
    firstRun = runAll(dir);
  }, 60_000);

  it('runs the chain and prints one summary', () => {
    expect(firstRun.code, firstRun.output).toBe(0);
    const rows = firstRun.output.split('\n').filter((line) => /^(env-connection-string|central-db-module|release-in-finally|schema-sync-to-migrations|ddl-to-migrations|total)\s/.test(line));
    const expected = ['env-connection-string', 'central-db-module', 'release-in-finally', 'schema-sync-to-migrations', 'ddl-to-migrations']
      .filter(registered)
      .concat('total');
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(expected);
  });

  it('(1) leaves nothing for the recommended preset that a registered transform answers', () => {
    const findings = recommendedFindings(dir);
    const answered = findings.filter((finding) => transformForRule(finding.ruleId) !== 'manual');
    const byRegistered = answered.filter((finding) => registered(transformForRule(finding.ruleId))).map((finding) => `${finding.ruleId} ${finding.where}`);
    expect(byRegistered).toEqual(app.leftToday);
    // What waits for a transform that has not landed: only ddl-to-migrations' rule.
    const waiting = answered.filter((finding) => !registered(transformForRule(finding.ruleId)));
    expect(waiting.every((finding) => finding.ruleId === 'neon/no-ddl-outside-migrations')).toBe(true);
  });

  // JavaScript apps have nothing to type-check: the test exists for TypeScript apps only.
  if (app.typescript) {
    it('(2) type-checks against the real type packages', () => {
      expect(typeErrors(dir)).toEqual([]);
    });
  }

  it('(3) a second run changes nothing', () => {
    commitAll(dir, 'neon-codemod all');
    const second = runAll(dir);
    expect(second.code, second.output).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe.each(APPS.filter((app) => app.server))('schema and HTTP of fixtures/projects/$name before and after', (app) => {
  const { entry, requests } = app.server!;

  it('(4) and (5): the new migrations build the old schema, and the app answers the same', async () => {
    const oldDir = copyFixture(app.name, `${app.name}-old`);
    const newDir = path.join(WORK, app.name);

    // Old: the startup code builds the schema.
    const oldUrl = await server.createDatabase();
    const oldApp = await startApp(oldDir, entry, oldUrl);
    const before = await exchange(oldApp, requests);
    await oldApp.stop();
    const oldSchema = schemaDump(oldUrl);
    expect(tablesIn(oldSchema).length).toBeGreaterThan(0);

    // New: the schema comes from the migrations only.
    const newUrl = await server.createDatabase();
    const migrationFiles = applyMigrations(newDir, newUrl);
    const newSchema = schemaDump(newUrl);
    if (app.server!.schemaFrom === 'migrations') {
      expect(migrationFiles.length).toBeGreaterThan(0);
      expect(newSchema).toBe(oldSchema);
    } else {
      // Sequelize has no autogenerate: schema-sync-to-migrations leaves an empty migrations
      // folder and prints the baseline command for a human.
      expect(migrationFiles).toEqual([]);
      expect(tablesIn(newSchema)).toEqual([]);
      // The baseline a human writes from `pg_dump --schema-only` of the current database, as the transform says.
      execFileSync(server.tool('psql') ?? 'psql', ['--quiet', '--set', 'ON_ERROR_STOP=1', '--dbname', newUrl], { input: oldSchema });
    }

    const newApp = await startApp(newDir, entry, newUrl);
    try {
      expect(await exchange(newApp, requests)).toEqual(before);
    } finally {
      await newApp.stop();
    }
  }, 60_000);
});

describe('the generated pg db module when the server terminates its idle connections', () => {
  it('keeps express-pg running, and the next request opens a new connection', async () => {
    const dir = path.join(WORK, 'express-pg');
    expect(fs.existsSync(path.join(dir, 'src', 'db.js'))).toBe(true);
    const databaseUrl = await server.createDatabase();
    applyMigrations(dir, databaseUrl);
    const running = await startApp(dir, 'src/server.js', databaseUrl);
    try {
      const first = await fetch(`${running.base}/users`);
      expect(first.status).toBe(200);
      const database = new URL(databaseUrl).pathname.slice(1);
      const terminated = await admin(async (client) => {
        const { rows } = await client.query<{ terminated: boolean }>(
          'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [database],
        );
        return rows;
      });
      expect(terminated.length).toBeGreaterThan(0);
      // Give the pool's error event time to fire: without a listener Node would exit here.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(running.child.exitCode).toBeNull();
      expect(running.output()).toContain('Postgres pool: idle client error');
      const next = await fetch(`${running.base}/users`);
      expect(next.status).toBe(200);
      expect(await next.json()).toEqual([]);
    } finally {
      await running.stop();
    }
  }, 30_000);
});
