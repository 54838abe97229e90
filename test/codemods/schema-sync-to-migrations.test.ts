import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { walkSourceFiles } from '../../codemods/lib/files';
import { createNeonLinter } from '../../codemods/lib/lint';
import { Reporter, type TransformReport } from '../../codemods/lib/report';
import type { CodemodOptions, RunContext } from '../../codemods/lib/transform';
import * as transform from '../../codemods/schema-sync-to-migrations';
import { detectProject } from '../../src/project/detect';
import { GIT_ENV, git, tempProject } from '../support/git-repo';
import { listFiles, readTree } from '../support/tree';
import { typeErrors } from '../support/typecheck';

/**
 * Every case under fixtures/codemods/schema-sync-to-migrations/<case>/: the
 * transform runs on a copy of input/, and the whole project afterwards must
 * equal output/ file for file. `expected.json` (optional) holds the findings
 * left for a human and the baseline commands printed.
 */

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'fixtures/codemods/schema-sync-to-migrations');
const CASES = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface Expected {
  readonly findings?: readonly { file: string; line: number; column: number; message: string }[];
  readonly baselines?: readonly string[];
}

const made: string[] = [];

function copyInput(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `schema-sync-${name}-`));
  made.push(root);
  fs.cpSync(path.join(FIXTURES, name, 'input'), root, { recursive: true });
  return root;
}

function runTransform(root: string): { report: TransformReport; printed: string } {
  let printed = '';
  const stream = { write: (text: string) => (printed += text) };
  const options: CodemodOptions = { root, stack: detectProject(root), dry: false, print: false, envVar: 'DATABASE_URL', writeEnv: false };
  const walk = walkSourceFiles([root], { includeNames: ['package.json'] });
  const context: RunContext = { root, files: walk.files, walkSkipped: walk.skipped, options, reporter: new Reporter({ json: false, stdout: stream, stderr: stream }) };
  const report = transform.run(context) as TransformReport;
  return { report, printed };
}

function expectedOf(name: string): Expected {
  const file = path.join(FIXTURES, name, 'expected.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Expected) : {};
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('schema-sync-to-migrations fixtures', () => {
  it('finds its cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(CASES)('%s', (name) => {
    const output = path.join(FIXTURES, name, 'output');
    const expected = expectedOf(name);

    it('turns input/ into exactly output/, with the expected findings and baseline commands', () => {
      const root = copyInput(name);
      const { report } = runTransform(root);
      expect(report.failed).toEqual([]);
      expect(readTree(root)).toEqual(readTree(output));
      expect(report.findings.map(({ file, line, column, message }) => ({ file, line, column, message }))).toEqual(expected.findings ?? []);
      const baselines = (report.details?.baselines as { commands: string[] }[]).flatMap((baseline) => baseline.commands);
      expect(baselines).toEqual(expected.baselines ?? []);
      const input = readTree(path.join(FIXTURES, name, 'input'));
      const changed = Object.entries(readTree(root)).filter(([file, text]) => input[file] !== text).map(([file]) => file);
      expect([...report.changed].sort()).toEqual(changed);
    });

    it('changes nothing on a second run', () => {
      const root = copyInput(name);
      runTransform(root);
      const first = readTree(root);
      const { report, printed } = runTransform(root);
      expect(report.changed).toEqual([]);
      expect(readTree(root)).toEqual(first);
      expect(printed).not.toContain('Next: write the baseline migration');
    });

    it('leaves nothing for no-schema-sync and no-schema-push-in-scripts but the reported findings, and every output parses', () => {
      const linter = createNeonLinter({ cwd: output, ruleIds: [...transform.meta.answers] });
      const remaining: { file: string; line: number; column: number }[] = [];
      for (const file of listFiles(output)) {
        if (!/\.(?:[cm]?[jt]s|json)$/.test(file) || (file.endsWith('.json') && path.basename(file) !== 'package.json')) continue;
        const result = linter.lint(fs.readFileSync(path.join(output, file), 'utf8'), path.join(output, file));
        expect(result.fatal, file).toBeUndefined();
        for (const message of result.messages) remaining.push({ file, line: message.line, column: message.column });
      }
      expect(remaining).toEqual((expected.findings ?? []).map(({ file, line, column }) => ({ file, line, column })));
    });
  });

  it('TypeScript outputs type-check against the real ORM type packages', () => {
    const files = CASES.flatMap((name) =>
      listFiles(path.join(FIXTURES, name, 'output'))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(FIXTURES, name, 'output', file)),
    );
    // NestJS is not installed here: its modules are typed `any`, the rest of each file is still checked.
    const stubs = path.join(REPO, '.tmp', `schema-sync-stubs-${process.pid}.d.ts`);
    fs.mkdirSync(path.dirname(stubs), { recursive: true });
    fs.writeFileSync(stubs, "declare module '@nestjs/common';\ndeclare module '@nestjs/typeorm';\n");
    made.push(stubs);
    const diagnostics = typeErrors([...files, stubs], FIXTURES);
    expect(files.length).toBeGreaterThan(5);
    expect(diagnostics).toEqual([]);
  });
});

/** Runs the transform on a throwaway project: the files afterwards and the findings left. */
function transformProject(files: Record<string, string>) {
  const root = tempProject(files, { repo: false });
  made.push(root);
  const { report } = runTransform(root);
  return { tree: readTree(root), findings: report.findings.map(({ file, line, column }) => `${file}:${line}:${column}`) };
}

const SEQUELIZE_PACKAGE = JSON.stringify({ name: 'app', dependencies: { sequelize: '^6.37.7', pg: '^8.16.0' } }, null, 2);

describe('schema-sync-to-migrations shapes', () => {
  it('keeps a .then callback that reads the synced instance, and one it cannot see, for a human', () => {
    const server = [
      "const { Sequelize } = require('sequelize');",
      "const { start } = require('./start');",
      'const sequelize = new Sequelize(process.env.DATABASE_URL);',
      'sequelize.sync().then((db) => db.query("select 1"));',
      'sequelize.sync().then(start);',
      '',
    ].join('\n');
    const { tree, findings } = transformProject({ 'package.json': SEQUELIZE_PACKAGE, 'server.js': server });
    expect(tree['server.js']).toBe(server);
    expect(findings).toEqual(['server.js:4:1', 'server.js:5:1']);
    expect(tree['.sequelizerc']).toBeUndefined();
  });

  it('removes model syncs standing as statements, with the comment that describes them', () => {
    const { tree, findings } = transformProject({
      'package.json': SEQUELIZE_PACKAGE,
      'models.js': [
        "const { Model, Sequelize } = require('sequelize');",
        'const sequelize = new Sequelize(process.env.DATABASE_URL);',
        'class User extends Model {}',
        "User.init({}, { sequelize, modelName: 'user' });",
        'async function boot() {',
        '  // create the table',
        '  await User.sync({ alter: true });',
        '  return sequelize.authenticate();',
        '}',
        'module.exports = { boot };',
        '',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
    expect(tree['models.js']).toBe(
      [
        "const { Model, Sequelize } = require('sequelize');",
        'const sequelize = new Sequelize(process.env.DATABASE_URL);',
        'class User extends Model {}',
        "User.init({}, { sequelize, modelName: 'user' });",
        'async function boot() {',
        '  return sequelize.authenticate();',
        '}',
        'module.exports = { boot };',
        '',
      ].join('\n'),
    );
  });

  it('turns a MikroORM drop-then-create into one migrator.up()', () => {
    const { tree } = transformProject({
      'package.json': JSON.stringify({ name: 'app', dependencies: { '@mikro-orm/core': '^5.9.0' } }),
      'mikro-orm.config.js': "module.exports = { clientUrl: process.env.DATABASE_URL, entities: ['./entities'] };\n",
      'index.js': [
        "const { MikroORM } = require('@mikro-orm/core');",
        'async function main() {',
        '  const orm = await MikroORM.init();',
        '  const generator = orm.getSchemaGenerator();',
        '  await orm.getSchemaGenerator().dropSchema();',
        '  await orm.getSchemaGenerator().createSchema();',
        '}',
        'main();',
        '',
      ].join('\n'),
    });
    expect(tree['index.js']).toBe(
      [
        "const { MikroORM } = require('@mikro-orm/core');",
        'async function main() {',
        '  const orm = await MikroORM.init();',
        '  const generator = orm.getSchemaGenerator();',
        '  await orm.getMigrator().up();',
        '}',
        'main();',
        '',
      ].join('\n'),
    );
    expect(tree['mikro-orm.config.js']).toBe("module.exports = { clientUrl: process.env.DATABASE_URL, entities: ['./entities'], migrations: { path: './migrations' } };\n");
    // MikroORM 5: `getMigrator()`, and the Migrator and CLI at the core's version.
    expect(JSON.parse(tree['package.json']!)).toEqual({
      name: 'app',
      dependencies: { '@mikro-orm/core': '^5.9.0', '@mikro-orm/migrations': '^5.9.0' },
      scripts: { 'migration:create': 'mikro-orm migration:create', 'migration:up': 'mikro-orm migration:up' },
      devDependencies: { '@mikro-orm/cli': '^5.9.0' },
    });
  });

  it('rewrites push commands in place, keeping wrappers and the flags the deploy command shares', () => {
    const scripts = {
      build: 'dotenv -e .env -- prisma migrate reset --force --schema=./db/schema.prisma && next build',
      start: 'typeorm-ts-node-commonjs schema:sync -d src/data-source.ts; node dist/main.js',
      'vercel-build': 'sh -c "prisma db push" && next build',
      'db:push': 'prisma db push',
    };
    const { tree, findings } = transformProject({ 'package.json': JSON.stringify({ name: 'app', scripts }, null, 2) });
    expect(JSON.parse(tree['package.json']!).scripts).toEqual({
      build: 'dotenv -e .env -- prisma migrate deploy --schema=./db/schema.prisma && next build',
      start: 'typeorm-ts-node-commonjs migration:run -d src/data-source.ts; node dist/main.js',
      'vercel-build': 'sh -c "prisma db push" && next build',
      'db:push': 'prisma db push',
    });
    expect(findings).toEqual(['package.json:6:21']);
  });
});

describe('neon-codemod schema-sync-to-migrations (built binary)', () => {
  const outDir = path.join(REPO, '.tmp', `schema-sync-cli-${process.pid}`);
  const cli = path.join(outDir, 'codemods', 'cli.js');

  beforeAll(() => {
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: REPO, encoding: 'utf8' });
    // Type errors in other people's files still emit; only a missing binary stops the suite.
    if (!fs.existsSync(cli)) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }, 180_000);

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  function runCli(cwd: string, ...args: string[]) {
    const result = spawnSync(process.execPath, [cli, 'schema-sync-to-migrations', ...args], { cwd, env: { ...GIT_ENV, NO_COLOR: '1' }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('--dry prints the diff and writes nothing; a real run writes; a second run changes nothing', () => {
    const root = tempProject(readTree(path.join(FIXTURES, 'sequelize-sync-then-listen', 'input')));
    made.push(root);
    const before = readTree(root);

    const dry = runCli(root, '--dry');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('-sequelize.sync().then(listen);\n+sequelize.authenticate().then(listen);');
    expect(dry.stdout).toContain('+++ b/.sequelizerc');
    expect(dry.stdout).toContain('npx sequelize-cli migration:generate --name baseline');
    expect(readTree(root)).toEqual(before);

    const real = runCli(root);
    expect(real.code).toBe(0);
    const { '.git': _ignored, ...written } = Object.fromEntries(Object.entries(readTree(root)).filter(([file]) => !file.startsWith('.git/')));
    expect(written).toEqual(readTree(path.join(FIXTURES, 'sequelize-sync-then-listen', 'output')));

    git(root, 'add', '.');
    git(root, 'commit', '--quiet', '-m', 'migrated');
    const second = runCli(root);
    expect(second.code).toBe(0);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(second.stdout).not.toContain('baseline');
  });
});
