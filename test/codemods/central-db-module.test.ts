import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as transform from '../../codemods/central-db-module';
import { walkSourceFiles } from '../../codemods/lib/files';
import { createNeonLinter } from '../../codemods/lib/lint';
import { Reporter, type TransformReport } from '../../codemods/lib/report';
import type { CodemodOptions, RunContext } from '../../codemods/lib/transform';
import { parseSource } from '../../codemods/schema-sync-to-migrations/source';
import { detectProject } from '../../src/project/detect';
import { git, GIT_ENV, tempProject } from '../support/git-repo';
import { listFiles, readTree } from '../support/tree';
import { typeErrors } from '../support/typecheck';

/**
 * Every case under fixtures/codemods/central-db-module/<case>/: the transform
 * runs on a copy of input/, and the whole project afterwards must equal
 * output/ file for file. `expected.json` (optional) lists the findings left
 * for a human; the answered rules report exactly there on the output.
 * `options.json` (optional) holds the run's options (`{ "envVar": "POSTGRES_URL" }`).
 */

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'fixtures/codemods/central-db-module');
const CASES = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const made: string[] = [];

function copyInput(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `central-db-${name}-`));
  made.push(root);
  fs.cpSync(path.join(FIXTURES, name, 'input'), root, { recursive: true });
  return root;
}

function runTransform(root: string, extra: Partial<CodemodOptions> = {}): { report: TransformReport; printed: string } {
  let printed = '';
  const stream = { write: (text: string) => (printed += text) };
  const options: CodemodOptions = { root, stack: detectProject(root), dry: false, print: false, envVar: 'DATABASE_URL', writeEnv: false, ...extra };
  const walk = walkSourceFiles([root], { includeNames: ['package.json'] });
  const context: RunContext = { root, files: walk.files, walkSkipped: walk.skipped, options, reporter: new Reporter({ json: false, stdout: stream, stderr: stream }) };
  return { report: transform.run(context), printed };
}

function optionsOf(name: string): Partial<CodemodOptions> {
  const file = path.join(FIXTURES, name, 'options.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CodemodOptions>) : {};
}

function expectedOf(name: string): readonly ExpectedFinding[] {
  const file = path.join(FIXTURES, name, 'expected.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: ExpectedFinding[] }).findings : [];
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('central-db-module fixtures', () => {
  it('finds its cases', () => {
    expect(CASES).toEqual(
      expect.arrayContaining([
        'already-central',
        'client-connect-query-end',
        'custom-options-left-for-human',
        'drizzle-left-for-human',
        'drizzle-node-postgres-per-request',
        'drizzle-postgres-js-module-scope',
        'drizzle-schema-nextjs',
        'env-var-postgres-url',
        'existing-db-module-reused',
        'express-pg-duplicate-pools',
        'express-pg-per-request',
        'knex-per-request-cjs',
        'knex-ts-existing-module',
        'kysely-left-for-human',
        'kysely-per-request',
        'library-adapter-left',
        'monorepo-db-module-per-package',
        'nextjs-prisma-per-route',
        'nextjs-prisma7-adapter-per-route',

        'pool-assigned-in-block',
        'postgres-ssl-require',
        'sequelize-per-request-cjs',
        'sequelize-ts-esm',
        'ts-esm-pg',
        'typeorm-left-for-human',
        'typeorm-per-request',
      ]),
    );
  });

  describe.each(CASES)('%s', (name) => {
    const output = path.join(FIXTURES, name, 'output');
    const expected = expectedOf(name);
    const options = optionsOf(name);

    it('turns input/ into exactly output/, with the expected findings', () => {
      const root = copyInput(name);
      const { report } = runTransform(root, options);
      expect(report.failed).toEqual([]);
      expect(readTree(root)).toEqual(readTree(output));
      expect(report.findings.map(({ file, line, column, message }) => ({ file, line, column, message }))).toEqual(expected);
      const input = readTree(path.join(FIXTURES, name, 'input'));
      const changed = Object.entries(readTree(root))
        .filter(([file, text]) => input[file] !== text)
        .map(([file]) => file);
      expect([...report.changed].sort()).toEqual(changed);
    });

    it('changes nothing on a second run', () => {
      const root = copyInput(name);
      runTransform(root, options);
      const first = readTree(root);
      const { report } = runTransform(root, options);
      expect(report.changed).toEqual([]);
      expect(readTree(root)).toEqual(first);
    });

    it('every output parses, and the answered rules report only where a finding was left', () => {
      const linter = createNeonLinter({ cwd: output, ruleIds: [...transform.meta.answers] });
      const remaining = new Set<string>();
      for (const file of listFiles(output).filter((entry) => /\.[cm]?[jt]s$/.test(entry) && !entry.endsWith('.d.ts'))) {
        const text = fs.readFileSync(path.join(output, file), 'utf8');
        expect(() => parseSource(text, file), file).not.toThrow();
        const result = linter.lint(text, path.join(output, file));
        expect(result.fatal, file).toBeUndefined();
        for (const message of result.messages) remaining.add(`${file}:${message.line}:${message.column}`);
      }
      expect([...remaining].sort()).toEqual(expected.map(({ file, line, column }) => `${file}:${line}:${column}`).sort());
    });
  });

  it('TypeScript outputs type-check in one program against the real driver type packages', () => {
    // Each case is its own project: one program, with every case's files as roots (the prisma case brings its own @prisma/client shim).
    const files = CASES.flatMap((name) =>
      listFiles(path.join(FIXTURES, name, 'output'))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(FIXTURES, name, 'output', file)),
    );
    const diagnostics = typeErrors(files, FIXTURES, { lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'] });
    expect(files.filter((file) => !file.endsWith('.d.ts')).length).toBeGreaterThanOrEqual(5);
    expect(diagnostics).toEqual([]);
  });
});

/** Runs the transform on a throwaway project: the files afterwards and the findings left. */
function transformProject(files: Record<string, string>, extra: Partial<CodemodOptions> = {}) {
  const root = tempProject(files, { repo: false });
  made.push(root);
  const { report } = runTransform(root, extra);
  return { tree: readTree(root), report, findings: report.findings.map(({ file, line, column }) => `${file}:${line}:${column}`) };
}

const PG_PACKAGE = `${JSON.stringify({ name: 'app', private: true, dependencies: { pg: '^8.16.0', 'node-pg-migrate': '^9.0.0' } }, null, 2)}\n`;

describe('central-db-module shapes', () => {
  it('follows a namespace import and drops it once nothing uses it', () => {
    const { tree, findings } = transformProject({
      'package.json': PG_PACKAGE,
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
      'src/jobs.ts': [
        "import * as pg from 'pg';",
        '',
        'export async function nightly(ids: number[]) {',
        '  for (const id of ids) {',
        '    const db = new pg.Pool({ connectionString: process.env.DATABASE_URL });',
        "    await db.query('DELETE FROM sessions WHERE user_id = $1', [id]);",
        '    await db.end();',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
    expect(tree['src/jobs.ts']).toBe(
      [
        "import { pool } from './db';",
        '',
        'export async function nightly(ids: number[]) {',
        '  for (const id of ids) {',
        "    await pool.query('DELETE FROM sessions WHERE user_id = $1', [id]);",
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(Object.keys(tree).filter((file) => file.includes('db.'))).toEqual(['src/db.ts']);
  });

  it('leaves a client for a human when the import name is taken, or its end() is used as a value', () => {
    const handler = [
      "const express = require('express');",
      "const { Pool } = require('pg');",
      '',
      'const app = express();',
      "const pool = 'not a database pool';",
      '',
      "app.get('/a', async (req, res) => {",
      '  const client = new Pool({ connectionString: process.env.DATABASE_URL });',
      "  res.json(await client.query('SELECT 1'));",
      '  return client.end();',
      '});',
      '',
      "app.get('/b', async (req, res) => {",
      '  const db = new Pool({ connectionString: process.env.DATABASE_URL });',
      "  res.json(await db.query('SELECT 2'));",
      '  await db.end();',
      '});',
      '',
    ].join('\n');
    const { tree, report } = transformProject({ 'package.json': PG_PACKAGE, 'server.js': handler });
    expect(tree['server.js']).toBe(handler);
    expect(report.findings.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message.slice(0, 40)}`)).toEqual([
      'server.js:8:18 `client.end()` is used as a value: closi',
      'server.js:14:14 `pool` already names something else in t',
    ]);
    expect(tree['db.js']).toBeUndefined();
  });

  it('leaves tests, migrations and look-alikes from other modules alone', () => {
    const files = {
      'package.json': PG_PACKAGE,
      'test/users.test.js': "const { Pool } = require('pg');\nit('works', async () => {\n  const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  await pool.end();\n});\n",
      'migrations/1_init.js': "const { Client } = require('pg');\nexports.up = async () => {\n  const client = new Client({ connectionString: process.env.DATABASE_URL });\n  await client.end();\n};\nexports.down = async () => {};\n",
      // A migration runner at a db module path is no db module: nothing reuses it or adds listeners to it.
      'src/db/migrate.js': "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nmodule.exports = pool;\n",
      'src/queue.js': "const { Pool } = require('generic-pool');\nfunction handle(req, res) {\n  const pool = new Pool({ max: 2 });\n  res.end(String(pool));\n}\nmodule.exports = { handle };\n",
    };
    const { tree, report } = transformProject(files);
    expect(report.changed).toEqual([]);
    expect(tree).toEqual(files);
  });

  it('creates the module where --db-module says, and imports it from there', () => {
    const { tree } = transformProject(
      {
        'package.json': PG_PACKAGE,
        'src/app.js': [
          "const { Pool } = require('pg');",
          '',
          'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
          '',
          'module.exports.count = () => pool.query("SELECT count(*) FROM users");',
          '',
        ].join('\n'),
      },
      { dbModule: 'src/lib/postgres.js' },
    );
    expect(tree['src/app.js']).toBe(
      ["const { pool } = require('./lib/postgres');", '', 'module.exports.count = () => pool.query("SELECT count(*) FROM users");', ''].join('\n'),
    );
    expect(tree['src/lib/postgres.js']).toContain("pool.on('error'");
  });

  it('does not create a second db module next to one that exports only a query wrapper', () => {
    const files = {
      'package.json': PG_PACKAGE,
      'src/database.js': [
        "const { Pool } = require('pg');",
        'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        "pool.on('error', () => {});",
        'module.exports = { query: (text, params) => pool.query(text, params) };',
        '',
      ].join('\n'),
      'src/routes.js': [
        "const { Pool } = require('pg');",
        'module.exports = async function handler(req, res) {',
        '  const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        "  res.json(await pool.query('SELECT 1'));",
        '  await pool.end();',
        '};',
        '',
      ].join('\n'),
    };
    const { tree, report } = transformProject(files);
    expect(tree).toEqual(files);
    expect(report.findings.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message.slice(0, 50)}`)).toEqual([
      'src/database.js:1:1 src/database.js exports no pg client to import: no',
      'src/routes.js:3:16 no db module to import a shared client from (see t',
    ]);
  });

  it('leaves a client that does not name the app URL: `new Pool()` alone reads PG* variables, not DATABASE_URL', () => {
    const server = [
      "const { Pool } = require('pg');",
      '',
      'module.exports = async function handler(req, res) {',
      '  const pool = new Pool();',
      "  res.json(await pool.query('SELECT 1'));",
      '  await pool.end();',
      '};',
      '',
    ].join('\n');
    const { tree, report } = transformProject({ 'package.json': PG_PACKAGE, 'server.js': server });
    expect(tree['server.js']).toBe(server);
    // Nothing was replaced, so no db module was created: the finding names none.
    expect(report.findings.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message}`)).toEqual([
      'server.js:4:16 this client has settings the pg db module template does not have (the connection string): left as is; no db module exists in this package (`settings.neon.dbModule`), and none was created. Create one (`neon-codemod init`, or by hand), move what this client needs into it (or a second, named client there) and import it here.',
    ]);
    expect(tree['db.js']).toBeUndefined();
  });

  it('names no db module that does not exist, and says when a pool left as is needs its listener by hand', () => {
    const store = [
      "import { Pool } from 'pg';",
      '',
      'export class Store {',
      '  private readonly pool = new Pool({ connectionString: process.env.DATABASE_URL });',
      '',
      '  count(): Promise<number> {',
      "    return this.pool.query('SELECT count(*)::int AS n FROM users').then((result) => result.rows[0].n);",
      '  }',
      '}',
      '',
    ].join('\n');
    const { tree, report } = transformProject({ 'package.json': PG_PACKAGE, 'tsconfig.json': '{}\n', 'src/store.ts': store });
    expect(tree['src/store.ts']).toBe(store);
    expect(report.changed).toEqual([]);
    expect(report.findings.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message}`)).toEqual([
      "src/store.ts:4:27 this client is not stored in a variable of its own: replace it with the db module’s client by hand. No db module exists in this package (`settings.neon.dbModule`), and none was created: create one first (`neon-codemod init`). It has no 'error' listener either, and no one place to add it: add `.on('error', (err) => …)` on it by hand, once, where it is created.",
    ]);
  });

  it("answers a db module's own pool: the listener where one statement can hold it, a finding where none can", () => {
    const lazy = [
      "const { Pool } = require('pg');",
      '',
      'let pool;',
      'exports.getPool = () => {',
      '  pool ??= new Pool({ connectionString: process.env.DATABASE_URL });',
      '  return pool;',
      '};',
      '',
    ].join('\n');
    const { tree, report } = transformProject({ 'package.json': PG_PACKAGE, 'src/db.js': lazy });
    expect(tree['src/db.js']).toBe(lazy);
    expect(report.findings.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message}`)).toEqual([
      "src/db.js:5:12 this pool has no 'error' listener, and where it is kept leaves no one place for the transform to add it: add `.on('error', (err) => …)` on it by hand, once, where it is created. Without one, an idle connection Neon drops (scale to zero) crashes the process.",
    ]);

    const guarded = lazy.replace('  pool ??= new Pool({ connectionString: process.env.DATABASE_URL });\n', '  if (!pool) {\n    pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  }\n');
    const fixed = transformProject({ 'package.json': PG_PACKAGE, 'src/db.js': guarded });
    expect(fixed.findings).toEqual([]);
    expect(fixed.tree['src/db.js']).toBe(
      [
        "const { Pool } = require('pg');",
        '',
        'let pool;',
        'exports.getPool = () => {',
        '  if (!pool) {',
        '    pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        "    pool.on('error', (err) => { console.error('Idle Postgres client error', err); });",
        '  }',
        '  return pool;',
        '};',
        '',
      ].join('\n'),
    );
  });

  it('never hands a client of one variable the db module of another', () => {
    const files = {
      'package.json': PG_PACKAGE,
      'src/db.js': [
        "const { Pool } = require('pg');",
        'const url = process.env.DATABASE_URL;',
        'const pool = new Pool({ connectionString: url });',
        "pool.on('error', () => {});",
        'module.exports = { pool };',
        '',
      ].join('\n'),
      'src/server.js': [
        "const { Pool } = require('pg');",
        'module.exports = async function handler(req, res) {',
        '  const pool = new Pool({ connectionString: process.env.POSTGRES_URL });',
        "  res.json(await pool.query('SELECT 1'));",
        '  await pool.end();',
        '};',
        '',
      ].join('\n'),
    };
    const { tree, report } = transformProject(files, { envVar: 'POSTGRES_URL' });
    expect(tree).toEqual(files);
    expect(report.findings.map(({ file, line, column, message }) => `${file}:${line}:${column} ${message}`)).toEqual([
      'src/server.js:3:16 this client has settings the db module does not have (the connection string): left as is. Move what it needs into src/db.js (or a second, named client there) by hand and import it here.',
    ]);
    // The same project read with the module's own variable: the client is the module's.
    const { tree: replaced, findings } = transformProject({ ...files, 'src/server.js': files['src/server.js'].replace('POSTGRES_URL', 'DATABASE_URL') });
    expect(findings).toEqual([]);
    expect(replaced['src/server.js']).toBe(
      [
        "const { pool } = require('./db');",
        'module.exports = async function handler(req, res) {',
        "  res.json(await pool.query('SELECT 1'));",
        '};',
        '',
      ].join('\n'),
    );
  });

  it('follows `require(...)` called in place, and a module-scope TypeORM duplicate opened through the shared initializer', () => {
    const { tree, findings } = transformProject({
      'package.json': `${JSON.stringify({ name: 'app', private: true, dependencies: { knex: '^3.1.0', pg: '^8.16.0', typeorm: '^0.3.26' } }, null, 2)}\n`,
      'src/jobs.js': [
        'module.exports.purge = async function purge(ids) {',
        '  for (const id of ids) {',
        "    const db = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });",
        "    await db('sessions').where({ user_id: id }).del();",
        '    await db.destroy();',
        '  }',
        '};',
        '',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
    expect(tree['src/jobs.js']).toBe(
      [
        "const { db } = require('./db');",
        'module.exports.purge = async function purge(ids) {',
        '  for (const id of ids) {',
        "    await db('sessions').where({ user_id: id }).del();",
        '  }',
        '};',
        '',
      ].join('\n'),
    );

    const typeorm = transformProject({
      'package.json': `${JSON.stringify({ name: 'app', private: true, dependencies: { pg: '^8.16.0', typeorm: '^0.3.26' } }, null, 2)}\n`,
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
      'src/user.entity.ts': "import { Entity, PrimaryGeneratedColumn } from 'typeorm';\n\n@Entity()\nexport class User {\n  @PrimaryGeneratedColumn()\n  id!: number;\n}\n",
      'src/server.ts': [
        "import { DataSource } from 'typeorm';",
        '',
        "import { User } from './user.entity';",
        '',
        "const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [User] });",
        '',
        'export async function count(): Promise<number> {',
        '  return ds.getRepository(User).count();',
        '}',
        '',
        'ds.initialize().then(() => console.log(`ready`));',
        '',
      ].join('\n'),
    });
    expect(typeorm.findings).toEqual([]);
    expect(typeorm.tree['src/server.ts']).toBe(
      [
        "import { User } from './user.entity';",
        "import { dataSource as ds, initializeDb } from './db';",
        '',
        'export async function count(): Promise<number> {',
        '  return ds.getRepository(User).count();',
        '}',
        '',
        'initializeDb().then(() => console.log(`ready`));',
        '',
      ].join('\n'),
    );
    expect(typeorm.tree['src/db.ts']).toContain("import { User } from './user.entity';");
    expect(typeorm.tree['src/db.ts']).toContain('  entities: [User],\n');
  });

  it('keeps models defined at module scope: they move onto the shared instance', () => {
    const { tree, findings } = transformProject({
      'package.json': `${JSON.stringify({ name: 'app', private: true, dependencies: { pg: '^8.16.0', sequelize: '^6.37.7' } }, null, 2)}\n`,
      'src/models.js': [
        "const { DataTypes, Sequelize } = require('sequelize');",
        '',
        'const sequelize = new Sequelize(process.env.DATABASE_URL);',
        "const Tag = sequelize.define('Tag', { name: DataTypes.STRING });",
        '',
        'module.exports = { Tag };',
        '',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
    expect(tree['src/models.js']).toBe(
      [
        "const { DataTypes } = require('sequelize');",
        "const { sequelize } = require('./db');",
        '',
        "const Tag = sequelize.define('Tag', { name: DataTypes.STRING });",
        '',
        'module.exports = { Tag };',
        '',
      ].join('\n'),
    );
  });

  it('creates the template that serves most clients: a drizzle module gives plain pg code its pool too', () => {
    const { tree, findings } = transformProject({
      'package.json': `${JSON.stringify({ name: 'app', private: true, dependencies: { 'drizzle-orm': '^0.45.0', pg: '^8.16.0' } }, null, 2)}\n`,
      'src/a.js': [
        "const { Pool } = require('pg');",
        '',
        'module.exports = async (req, res) => {',
        '  const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        "  res.json((await pool.query('SELECT 1')).rows);",
        '  await pool.end();',
        '};',
        '',
      ].join('\n'),
      'src/b.js': [
        "const { drizzle } = require('drizzle-orm/node-postgres');",
        "const { sql } = require('drizzle-orm');",
        '',
        'module.exports = async (req, res) => {',
        '  const db = drizzle(process.env.DATABASE_URL);',
        '  res.json(await db.execute(sql`SELECT 1`));',
        '};',
        '',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
    expect(tree['src/db.js']).toContain('const db = drizzle(pool);');
    expect(tree['src/a.js']).toBe(
      ["const { pool } = require('./db');", '', 'module.exports = async (req, res) => {', "  res.json((await pool.query('SELECT 1')).rows);", '};', ''].join('\n'),
    );
    expect(tree['src/b.js']).toBe(
      [
        "const { sql } = require('drizzle-orm');",
        "const { db } = require('./db');",
        '',
        'module.exports = async (req, res) => {',
        '  res.json(await db.execute(sql`SELECT 1`));',
        '};',
        '',
      ].join('\n'),
    );
  });

  it('--dry writes nothing and returns the diffs', () => {
    const root = copyInput('express-pg-per-request');
    const before = readTree(root);
    const { report } = runTransform(root, { dry: true });
    expect(readTree(root)).toEqual(before);
    expect(report.diffs.map((diff) => diff.file)).toEqual(['package.json', 'src/db.js', 'src/routes/users.js']);
    expect(report.diffs[2]!.diff).toContain("-  const pool = new Pool({ connectionString: config.databaseUrl });");
  });
});

describe('central-db-module through the neon-codemod binary', () => {
  // Compiled into a private folder inside the repository (node_modules resolve from there), never into the shared dist/.
  const outDir = path.join(REPO, '.tmp', `central-db-cli-${process.pid}`);
  const cliPath = path.join(outDir, 'codemods', 'cli.js');
  const cli = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, [cliPath, 'central-db-module', ...args], { cwd, env: { ...GIT_ENV, NO_COLOR: '1' }, encoding: 'utf8' });

  beforeAll(() => {
    made.push(outDir);
    spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: REPO, encoding: 'utf8' });
    // Type errors in other people's files still emit; only a missing binary stops the suite.
    expect(fs.existsSync(cliPath)).toBe(true);
  }, 120_000);

  it('--dry prints the diff and writes nothing; a real run writes output/; a second run changes nothing', () => {
    const root = tempProject(readTree(path.join(FIXTURES, 'express-pg-per-request', 'input')));
    made.push(root);
    const before = readTree(root);

    const dry = cli(root, '--dry');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('+++ b/src/db.js');
    expect(dry.stdout).toContain("+const { pool } = require('../db');");
    expect(readTree(root)).toEqual(before);

    const real = cli(root);
    expect(real.status).toBe(0);
    const written = Object.fromEntries(Object.entries(readTree(root)).filter(([file]) => !file.startsWith('.git/')));
    expect(written).toEqual(readTree(path.join(FIXTURES, 'express-pg-per-request', 'output')));

    git(root, 'add', '.');
    git(root, 'commit', '--quiet', '-m', 'central db module');
    const again = cli(root, '--json');
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout) as { transforms: { changed: string[] }[] };
    expect(report.transforms[0]!.changed).toEqual([]);
  }, 60_000);
});
