import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lintsPackageJson } from '../../codemods/lib/lint';
import { CODEMODS } from '../../codemods/registry';
import { git, GIT_ENV, tempProject } from '../support/git-repo';

/**
 * Drives the real `neon-codemod` binary. It is compiled once into a private
 * folder inside the repository (so node_modules resolve), never into the
 * shared dist/, which other suites may be building at the same time.
 */

const REPO = path.resolve(__dirname, '../..');
const OUT_DIR = path.join(REPO, '.tmp', `cli-test-${process.pid}`);
const CLI = path.join(OUT_DIR, 'codemods', 'cli.js');
const SECRET = 'S3cretPw';
const NEON_URL = `postgres://alice:${SECRET}@ep-cool-1.us-east-2.aws.neon.tech/db`;

const made: string[] = [];

// package.json is linted (and counted as scanned and parsed) only when a rule lints it.
const PACKAGE_JSON_LINTED = lintsPackageJson();

function project(files: Record<string, string>, options: { repo?: boolean } = {}): string {
  const root = tempProject(files, options);
  made.push(root);
  return root;
}

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...GIT_ENV, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `lines` as a Node script in `cwd`; the script writes `PROBE <json>` on stderr, and that JSON is returned. */
function probe(lines: readonly string[], cwd: string): unknown {
  const run = spawnSync(process.execPath, ['-e', lines.join('\n')], { cwd, encoding: 'utf8' });
  const at = run.stderr.indexOf('PROBE ');
  if (at < 0) throw new Error(`the probe wrote no PROBE line:\n${run.stderr}`);
  return JSON.parse(run.stderr.slice(at + 'PROBE '.length));
}

/** Runs the CLI in-process with `args`: its exit code, and which of `packages` it loaded. */
function packagesLoadedBy(args: readonly string[], packages: readonly string[], cwd: string): unknown {
  return probe(
    [
      "const { sep } = require('node:path');",
      `require(${JSON.stringify(CLI)}).main(${JSON.stringify(args)}).then((code) => {`,
      `  const loaded = ${JSON.stringify(packages)}.filter((name) => Object.keys(require.cache).some((file) => file.includes(sep + 'node_modules' + sep + name.replace('/', sep) + sep)));`,
      "  process.stderr.write('PROBE ' + JSON.stringify({ code, loaded }));",
      '});',
    ],
    cwd,
  );
}

/** A small Express + pg app with a hard-coded Neon URL, a per-request pool, and a file that does not parse. */
const LEGACY_APP: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: 'legacy-app',
      dependencies: { pg: '^8.13.0', express: '^5.0.0' },
      devDependencies: { typescript: '^5.9.0' },
      scripts: { start: `DATABASE_URL=${NEON_URL} node dist/server.js` },
    },
    null,
    2,
  ),
  'tsconfig.json': '{ "compilerOptions": { "module": "commonjs" } }',
  '.gitignore': 'generated/\n',
  'src/db.ts': `import { Pool } from 'pg';\n\nexport const pool = new Pool({ connectionString: '${NEON_URL}' });\n`,
  'src/server.ts': [
    "import express from 'express';",
    "import { Pool } from 'pg';",
    '',
    'const app = express();',
    "app.get('/users', async (_req, res) => {",
    '  const pool = new Pool();',
    "  const { rows } = await pool.query('select * from users');",
    '  res.json(rows);',
    '});',
    '',
  ].join('\n'),
  'src/broken.ts': `import { Pool } from 'pg';\nconst url = '${NEON_URL}' +;\n`,
  'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'generated/client.ts': "import { Pool } from 'pg';\nexport const handler = async () => { new Pool(); };\n",
};

beforeAll(() => {
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT_DIR], {
    cwd: REPO,
    encoding: 'utf8',
  });
  // Type errors in other files still emit; only a missing binary stops the suite.
  if (!fs.existsSync(CLI)) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
});

afterAll(() => {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('neon-codemod usage', () => {
  it('is an executable script', () => {
    expect(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--help lists the transforms, one line each, and exits 0', () => {
    const { code, stdout, stderr } = cli(REPO, '--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: neon-codemod <transform> \[paths…\] \[options\]\n\nTransforms:\n/);
    const width = Math.max(...CODEMODS.map((codemod) => codemod.meta.name.length));
    const listing = CODEMODS.map((codemod) => `  ${codemod.meta.name.padEnd(width)}  ${codemod.meta.description}`).join('\n');
    expect(stdout).toContain(`\nTransforms:\n${listing}\n\nOptions:\n`);
    expect(stdout).toContain('\n  analyze ');
    expect(cli(REPO, '-h').stdout).toBe(stdout);
  });

  it('loads neither ts-morph nor jscodeshift for a read-only analyze', () => {
    const root = project({ 'package.json': '{"name":"tiny"}', 'src/a.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n" });
    expect(packagesLoadedBy(['analyze', '.', '--json'], ['ts-morph', 'jscodeshift'], root)).toEqual({ code: 0, loaded: [] });
  });

  it('--help loads neither ESLint nor the parser and its TypeScript (they load when a run needs them)', () => {
    expect(packagesLoadedBy(['--help'], ['eslint', 'typescript', '@typescript-eslint/parser'], REPO)).toEqual({ code: 0, loaded: [] });
  });

  it("analyze's scan worker keeps the very files, texts and read errors that the scan in one thread keeps", () => {
    const root = project({
      'package.json': '{"name":"scan"}',
      'src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
      'src/setup.ts': "export const ddl = 'CREATE TABLE users (id int)';\n",
      'migrations/001_users.sql.ts': "export const up = 'CREATE TABLE users (id int)';\n",
      'migrations/002_url.ts': "export const url = 'postgres://app:pw@db.example.com/app';\n",
      'db/changes/003_orders.ts': "export const up = 'CREATE TABLE orders (id int)';\n",
    });
    const files = [
      'package.json',
      'src/db.ts',
      'src/gone.ts',
      'src/util.ts',
      'src/setup.ts',
      'migrations/001_users.sql.ts',
      'migrations/002_url.ts',
      'db/changes/003_orders.ts',
    ].map((file) => path.join(root, file));
    const scans = probe(
      [
        "const threads = require('node:worker_threads');",
        'let started = 0;',
        'let replies = 0;',
        'const Worker = threads.Worker;',
        "threads.Worker = class extends Worker { constructor(...args) { super(...args); started++; this.on('message', () => replies++); } };",
        `const scan = require(${JSON.stringify(path.join(OUT_DIR, 'codemods', 'lib', 'scan.js'))});`,
        `const { RULE_TRIGGERS, MIGRATION_FILE_TRIGGERS } = require(${JSON.stringify(path.join(OUT_DIR, 'codemods', 'lib', 'prefilter.js'))});`,
        `const base = { root: ${JSON.stringify(root)}, files: ${JSON.stringify(files)}, triggers: RULE_TRIGGERS, migrationTriggers: MIGRATION_FILE_TRIGGERS };`,
        "const requests = [{ ...base, packageJson: true }, { ...base, packageJson: false }, { ...base, packageJson: false, settings: { migrations: ['db/changes/**'] } }];",
        'Promise.all(requests.map((request) => scan.scanFilesInBackground(request).result)).then((background) => {',
        "  process.stderr.write('PROBE ' + JSON.stringify({ started, replies, background, here: requests.map((request) => scan.scanFiles(request)) }));",
        '});',
      ],
      root,
    );
    type Scan = { scanned: number; kept: { file: string; text?: string; unreadable?: string }[] };
    const { started, replies, background, here } = scans as { started: number; replies: number; background: Scan[]; here: Scan[] };
    // Each scan ran on its worker: a worker that failed would leave the scan to this thread, with the same result.
    expect([started, replies]).toEqual([3, 3]);
    expect(background).toEqual(here);
    const [withPackageJson, withoutPackageJson, withMigrationsSetting] = here as [Scan, Scan, Scan];
    const relative = (scan: Scan) => scan.kept.map((entry) => [path.relative(root, entry.file), entry.unreadable === undefined ? 'text' : 'unreadable']);
    // A migration is kept only for what rules report in migrations too; a file that mentions nothing is not kept.
    expect(relative(withPackageJson)).toEqual([
      ['package.json', 'text'],
      ['src/db.ts', 'text'],
      ['src/gone.ts', 'unreadable'],
      ['src/setup.ts', 'text'],
      ['migrations/002_url.ts', 'text'],
      ['db/changes/003_orders.ts', 'text'],
    ]);
    expect(withPackageJson.scanned).toBe(8);
    expect(withPackageJson.kept[1]!.text).toBe(fs.readFileSync(path.join(root, 'src/db.ts'), 'utf8'));
    expect(relative(withoutPackageJson)).toEqual(relative(withPackageJson).slice(1));
    expect(withoutPackageJson.scanned).toBe(7);
    // The run's migrations setting reaches the worker: a migration in the folder it adds is not kept for its DDL.
    expect(relative(withMigrationsSetting)).toEqual(relative(withoutPackageJson).filter(([file]) => !file!.startsWith('db/changes/')));
  });

  it('analyze reports the same with worker threads as in one thread', () => {
    const files: Record<string, string> = { 'package.json': JSON.stringify({ name: 'many', scripts: { build: 'prisma db push && tsc' } }) };
    for (let index = 0; index < 24; index++) {
      files[`src/routes/r${index}.ts`] = `import { Pool } from 'pg';\nexport async function handler() {\n  const pool = new Pool({ connectionString: 'postgres://app:pw${index}@db.example.com/app' });\n  return pool.query('CREATE TABLE t${index} (id int)');\n}\n`;
    }
    files['src/broken.ts'] = "import { Pool } from 'pg';\nconst = ;\n";
    const root = project(files);
    const analyze = (threads: string) =>
      spawnSync(process.execPath, [CLI, 'analyze', '--json'], { cwd: root, env: { ...GIT_ENV, NEON_CODEMOD_THREADS: threads }, encoding: 'utf8' });
    const [single, pooled] = [analyze('0'), analyze('2')];
    expect(single.status).toBe(1);
    const report = JSON.parse(single.stdout) as { transforms: { findings: unknown[]; failed: unknown[] }[] };
    expect(report.transforms[0]!.findings.length).toBeGreaterThan(48);
    expect(report.transforms[0]!.failed).toHaveLength(1);
    expect(pooled.status).toBe(single.status);
    expect(pooled.stdout).toBe(single.stdout);
  });

  it('without arguments prints the usage on stderr and exits 2', () => {
    const { code, stdout, stderr } = cli(REPO);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: neon-codemod/);
  });

  it('rejects an unknown transform, listing the known ones', () => {
    const { code, stdout, stderr } = cli(REPO, 'make-it-fast');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const known = CODEMODS.map((codemod) => codemod.meta.name).join(', ');
    expect(stderr).toBe(`error: unknown transform 'make-it-fast'; known transforms: ${known}\nRun neon-codemod --help for usage.\n`);
  });

  it('rejects an unknown option', () => {
    const { code, stdout, stderr } = cli(REPO, 'analyze', '--frobnicate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: Unknown option '--frobnicate'/);
    expect(stderr).toMatch(/Run neon-codemod --help for usage\.\n$/);
  });

  it.each([
    [['analyze', '--print', '--json'], '--print and --json both write to stdout'],
    [['analyze', '--env-var', 'DATABASE-URL'], "--env-var must be an environment variable name, got 'DATABASE-URL'"],
    [['analyze', '--driver', 'mongodb'], "unknown driver 'mongodb'"],
    [['analyze', 'no/such/dir'], 'no such file or directory: no/such/dir'],
    [['analyze', '--env-var'], "Option '--env-var <value>' argument missing"],
  ])('rejects %j', (args, message) => {
    const { code, stdout, stderr } = cli(REPO, ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${message}`);
  });
});

// The safety gate runs before any transform code, so any registered writing transform exercises it.
const writing = CODEMODS.find((codemod) => !codemod.readOnly);

describe.runIf(writing)('neon-codemod safety gate', () => {
  const name = writing!.meta.name;

  it('refuses a dirty tree with exit 2 and writes nothing', () => {
    const root = project(LEGACY_APP);
    fs.writeFileSync(path.join(root, 'src/util.ts'), 'export const changed = true;\n');
    const before = git(root, 'status', '--porcelain');
    const { code, stdout, stderr } = cli(root, name);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: The git working tree has uncommitted changes:\n   M src/util.ts\nCommit or stash them first, or pass --force.\n',
    );
    expect(git(root, 'status', '--porcelain')).toBe(before);
  });

  it('goes on with --force, warning about the uncommitted changes', () => {
    const root = project(LEGACY_APP);
    fs.writeFileSync(path.join(root, 'src/util.ts'), 'export const changed = true;\n');
    const { code, stderr } = cli(root, name, '--force', '--dry');
    expect(code).not.toBe(2);
    expect(cli(root, name, '--force', '--json').stderr).toContain('warning: the git working tree has uncommitted changes (--force)');
    expect(stderr).not.toContain(SECRET);
  });

  it('--dry never refuses, since it writes nothing', () => {
    const root = project(LEGACY_APP);
    fs.writeFileSync(path.join(root, 'src/util.ts'), 'export const changed = true;\n');
    const { code, stdout, stderr } = cli(root, name, '--dry');
    expect(code).not.toBe(2);
    expect(`${stdout}${stderr}`).not.toContain(SECRET);
    expect(git(root, 'status', '--porcelain')).toBe(' M src/util.ts\n');
  });
});

describe('neon-codemod analyze', () => {
  it('reports the stack, the findings and the plan, and changes nothing', () => {
    const root = project(LEGACY_APP);
    const { code, stdout, stderr } = cli(root, 'analyze');
    expect(stdout).toContain(
      [
        `Stack of ${fs.realpathSync(root)}`,
        '  language       typescript (commonjs, new code uses import)',
        '  drivers        pg',
        '  ORM            none',
        '  migrations     none',
        '  platforms      express',
        '  package.json   package.json',
      ].join('\n'),
    );
    expect(stdout).toMatch(/\nneon\/no-per-request-client \(1\) → central-db-module\n {2}src\/server\.ts\n {4}6:16 {2}`new Pool\(\)` from 'pg' is created inside a route handler/);
    expect(stdout).toMatch(/\n {2}central-db-module +\d+ findings? in \d+ files? +\(.*neon\/no-per-request-client/);
    expect(stdout).toContain('\nanalyze changed nothing.\n');
    // The summary table, and the file that does not parse; generated/ is git-ignored.
    // src/util.ts mentions nothing the rules look at: read, never parsed.
    const [scanned, parsed] = PACKAGE_JSON_LINTED ? [5, 4] : [4, 3];
    expect(stdout).toMatch(new RegExp(`\\ntransform +scanned +parsed +changed +skipped +failed +findings\\nanalyze +${scanned} +${parsed} +0 +0 +1 +\\d+\\n`));
    expect(stdout).toMatch(/\nfailed:\n {2}src\/broken\.ts: does not parse \(2:\d+\): Parsing error: Expression expected\.\n/);
    expect(stdout).not.toContain('generated/client.ts');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('--json writes one valid JSON document on stdout and nothing else', () => {
    const root = project(LEGACY_APP);
    const { code, stdout, stderr } = cli(root, 'analyze', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      transform: string;
      transforms: { name: string; failed: { file: string }[]; findings: { ruleId: string; file: string; line: number; column: number }[]; details: { stack: unknown; plan: { transform: string; files: string[] }[] } }[];
    };
    expect(report.transform).toBe('analyze');
    const [analyze] = report.transforms;
    expect(analyze!.details.stack).toMatchObject({ drivers: ['pg'], orms: [], migrationTools: [], language: 'typescript', platforms: ['express'] });
    expect(analyze!.failed.map((issue) => issue.file)).toEqual(['src/broken.ts']);
    expect(analyze!.findings).toContainEqual(expect.objectContaining({ ruleId: 'neon/no-per-request-client', file: 'src/server.ts', line: 6, column: 16 }));
    expect(analyze!.details.plan).toContainEqual(expect.objectContaining({ transform: 'central-db-module', files: expect.arrayContaining(['src/server.ts']) }));
    // The human summary still reaches the terminal, on stderr.
    expect(stderr).toMatch(/transform +scanned +parsed/);
  });

  it('never prints the password of a connection string', () => {
    const root = project(LEGACY_APP);
    for (const args of [['analyze'], ['analyze', '--json'], ['analyze', 'src/db.ts', 'package.json', '--json']]) {
      const { stdout, stderr } = cli(root, ...args);
      expect(stdout).not.toContain(SECRET);
      expect(stderr).not.toContain(SECRET);
    }
  });

  it('runs on a dirty tree and outside git, since it writes nothing', () => {
    const dirty = project(LEGACY_APP);
    fs.writeFileSync(path.join(dirty, 'src/util.ts'), 'export const changed = true;\n');
    expect(cli(dirty, 'analyze').stderr).toBe('');
    const unversioned = project(LEGACY_APP, { repo: false });
    const { stdout, stderr } = cli(unversioned, 'analyze');
    expect(stderr).toBe('');
    expect(stdout).toContain('  drivers        pg');
  });

  it('analyzes only the given paths, and reports symbolic links as not followed', () => {
    const root = project({ ...LEGACY_APP, 'src/broken.ts': 'export {};\n' });
    fs.symlinkSync(path.join(root, 'src/db.ts'), path.join(root, 'src/db-link.ts'));
    const { code, stdout } = cli(root, 'analyze', 'src');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nnot followed:\n {2}src\/db-link\.ts: symbolic link, not followed\n/);
    const only = cli(root, 'analyze', 'src/util.ts');
    expect(only.stdout).toContain('Findings: none');
    expect(only.stdout).toMatch(/\nanalyze +1 +0 +0 +0 +0 +0\n/);
  });

  it('reports a malformed tsconfig.json as a warning and still runs', () => {
    const root = project({ 'package.json': '{}', 'tsconfig.json': '{ "compilerOptions": ', 'src/a.ts': 'export {};\n' });
    const { code, stderr } = cli(root, 'analyze');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: tsconfig\.json: not valid JSON/);
  });
});

describe('neon-codemod all', () => {
  interface ChainReport {
    transforms: { name: string; changed: string[]; failed: { file: string; reason: string }[] }[];
    diffs?: { file: string; diff: string }[];
  }

  it('--dry --json carries the combined diff of the chain, writes nothing, and lists what the real run changes', () => {
    const root = project(LEGACY_APP);
    const dry = cli(root, 'all', '--dry', '--json');
    // src/broken.ts does not parse: reported, so exit 1.
    expect(dry.code).toBe(1);
    expect(git(root, 'status', '--porcelain')).toBe('');
    const planned = JSON.parse(dry.stdout) as ChainReport;
    expect(dry.stdout).not.toContain(SECRET);
    expect(planned.transforms.flatMap((transform) => transform.failed.map((issue) => issue.file))).toContain('src/broken.ts');
    const diffs = planned.diffs ?? [];
    for (const { file, diff } of diffs) expect(diff.startsWith(`--- a/${file}\n+++ b/${file}\n`)).toBe(true);

    const real = cli(root, 'all', '--json');
    expect(real.code).toBe(1);
    const done = JSON.parse(real.stdout) as ChainReport;
    expect(done.diffs).toBeUndefined();
    const changed = git(root, 'status', '--porcelain', '--untracked-files=all')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3))
      .sort();
    expect(changed).toContain('src/db.ts');
    expect(diffs.map((entry) => entry.file)).toEqual(changed);
    expect([...new Set(done.transforms.flatMap((transform) => transform.changed))].sort()).toEqual(changed);
  });
});

describe('the connection string variable', () => {
  const app = (reads: string): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'vercel-app', dependencies: { pg: '^8.13.0' } }),
    'src/db.js': `const { Pool } = require('pg');\nmodule.exports.pool = new Pool({ connectionString: ${reads} });\n`,
    'src/report.js': `const { Client } = require('pg');\nmodule.exports.client = new Client('${NEON_URL}');\n`,
  });

  it('is the one the code already reads when no --env-var is given (POSTGRES_URL of the Vercel integration)', () => {
    const root = project(app('process.env.POSTGRES_URL'));
    const { code, stdout } = cli(root, 'env-connection-string');
    expect(code).toBe(0);
    expect(stdout).toContain('The code reads its connection string from POSTGRES_URL: the codemods use it (--env-var to choose another).');
    expect(fs.readFileSync(path.join(root, 'src/report.js'), 'utf8')).toContain("new Client(process.env.POSTGRES_URL)");
    expect(fs.readFileSync(path.join(root, '.env.example'), 'utf8')).toMatch(/^POSTGRES_URL=/m);
  });

  it('stays DATABASE_URL when the code reads it, and --env-var wins over what the code reads', () => {
    const both = project({ ...app('process.env.POSTGRES_URL'), 'src/jobs.js': 'module.exports.url = process.env.DATABASE_URL;\n' });
    expect(cli(both, 'env-connection-string').code).toBe(0);
    expect(fs.readFileSync(path.join(both, 'src/report.js'), 'utf8')).toContain('new Client(process.env.DATABASE_URL)');
    const chosen = project(app('process.env.POSTGRES_URL'));
    expect(cli(chosen, 'env-connection-string', '--env-var', 'APP_DB_URL').code).toBe(0);
    expect(fs.readFileSync(path.join(chosen, 'src/report.js'), 'utf8')).toContain('new Client(process.env.APP_DB_URL)');
  });
});
