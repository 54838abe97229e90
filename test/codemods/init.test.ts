import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import * as init from '../../codemods/init';
import { walkSourceFiles } from '../../codemods/lib/files';
import { createNeonLinter } from '../../codemods/lib/lint';
import { Reporter, type TransformReport } from '../../codemods/lib/report';
import type { CodemodOptions, RunContext } from '../../codemods/lib/transform';
import { parseSource } from '../../codemods/schema-sync-to-migrations/source';
import { detectProject } from '../../src/project/detect';
import { tempProject } from '../support/git-repo';
import { listFiles, readTree } from '../support/tree';
import { typeErrors } from '../support/typecheck';

/**
 * Every case under fixtures/codemods/init/<case>/: init runs on a copy of
 * input/, and the whole project afterwards must equal output/ file for file.
 */

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'fixtures/codemods/init');
const CASES = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

// The rules the scaffold must satisfy: no client misuse, no hardcoded URL, no insecure TLS.
const RULES = [
  'neon/no-per-request-client',
  'neon/require-pool-error-listener',
  'neon/no-client-outside-db-module',
  'neon/no-hardcoded-connection-string',
  'neon/no-insecure-ssl',
];
// Migration tool configs must read the direct URL. (The db module's `migrate()` falls back to DATABASE_URL for local setups, which that rule reads as a pooled URL.)
const TOOL_CONFIG_RULES = [...RULES, 'neon/migrations-use-direct-url'];
const TOOL_CONFIG = /^knexfile\./;

const made: string[] = [];

function copyInput(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `init-${name}-`));
  made.push(root);
  fs.cpSync(path.join(FIXTURES, name, 'input'), root, { recursive: true });
  return root;
}

function runInit(root: string, extra: Partial<CodemodOptions> = {}): TransformReport {
  const stream = { write: () => true };
  const options: CodemodOptions = { root, stack: detectProject(root), dry: false, print: false, envVar: 'DATABASE_URL', writeEnv: false, ...extra };
  const walk = walkSourceFiles([root], { includeNames: ['package.json'] });
  const context: RunContext = { root, files: walk.files, walkSkipped: walk.skipped, options, reporter: new Reporter({ json: false, stdout: stream, stderr: stream }) };
  return init.run(context);
}

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('init fixtures', () => {
  it('finds its cases', () => {
    expect(CASES).toEqual(['client-outside-db-module', 'empty-js-cjs-knex', 'empty-ts-pg', 'existing-db-module']);
  });

  describe.each(CASES)('%s', (name) => {
    const output = path.join(FIXTURES, name, 'output');

    it('turns input/ into exactly output/', () => {
      const root = copyInput(name);
      const report = runInit(root);
      expect(report.failed).toEqual([]);
      expect(readTree(root)).toEqual(readTree(output));
    });

    it('changes nothing on a second run', () => {
      const root = copyInput(name);
      runInit(root);
      const first = readTree(root);
      expect(runInit(root).changed).toEqual([]);
      expect(readTree(root)).toEqual(first);
    });

    it('every output parses and the plugin reports nothing on it', () => {
      const linter = createNeonLinter({ cwd: output, ruleIds: RULES });
      const toolConfigLinter = createNeonLinter({ cwd: output, ruleIds: TOOL_CONFIG_RULES });
      for (const file of listFiles(output).filter((entry) => /\.[cm]?[jt]s$/.test(entry))) {
        const text = fs.readFileSync(path.join(output, file), 'utf8');
        expect(() => parseSource(text, file), file).not.toThrow();
        const result = (TOOL_CONFIG.test(file) ? toolConfigLinter : linter).lint(text, path.join(output, file));
        expect(result.fatal, file).toBeUndefined();
        expect(result.messages.map((message) => `${file}:${message.line}:${message.column} ${message.ruleId}`)).toEqual([]);
      }
    });
  });

  it('reports an existing db module and leaves the project as it is', () => {
    const root = copyInput('existing-db-module');
    const report = runInit(root);
    expect(report.changed).toEqual([]);
    expect(report.findings.map(({ file, message }) => `${file}: ${message}`)).toEqual([
      'src/db.js: a db module exists (src/db.js): init changed nothing. Run central-db-module to check it and point the rest of the code at it.',
    ]);
  });

  it('reports a client the app already creates outside a db-module file, and scaffolds no second one', () => {
    const root = copyInput('client-outside-db-module');
    const report = runInit(root);
    expect(report.changed).toEqual([]);
    expect(report.findings).toEqual([
      {
        file: 'src/config/ormconfig.ts',
        line: 4,
        column: 16,
        message:
          'the app already creates its database client in src/config/ormconfig.ts:4:16 (new DataSource()): init, which scaffolds projects without one, changed nothing. Run central-db-module to gather the clients into one db module.',
      },
    ]);
  });

  it('a client created in tests or migrations is not the app\'s: the scaffold goes ahead', () => {
    const root = copyInput('empty-ts-pg');
    fs.mkdirSync(path.join(root, 'test'), { recursive: true });
    fs.writeFileSync(path.join(root, 'test/setup.ts'), "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL });\n");
    const report = runInit(root);
    expect(report.findings).toEqual([]);
    expect(report.changed).toContain('src/db.ts');
  });

  it('a tool config named like a db module (prisma.config.ts) is not one', () => {
    const root = copyInput('empty-ts-pg');
    fs.writeFileSync(path.join(root, 'prisma.config.ts'), "export default { schema: 'prisma/schema.prisma' };\n");
    const report = runInit(root);
    expect(report.findings).toEqual([]);
    expect(report.changed).toContain('src/db.ts');
  });

  it('never overwrites an existing .env.example: it appends the variables it lacks', () => {
    const root = copyInput('empty-ts-pg');
    fs.writeFileSync(path.join(root, '.env.example'), 'PORT=3000\nDATABASE_URL=postgres://localhost/dev\n');
    runInit(root);
    expect(fs.readFileSync(path.join(root, '.env.example'), 'utf8')).toBe(
      [
        'PORT=3000',
        'DATABASE_URL=postgres://localhost/dev',
        '',
        '# Migrations: the direct endpoint (no -pooler); for a local database, the same URL as DATABASE_URL.',
        'DATABASE_URL_UNPOOLED=postgresql://<user>:<password>@<endpoint>.<region>.aws.neon.tech/<database>?sslmode=require',
        '',
      ].join('\n'),
    );
  });

  it('scaffolds the stack named by --driver, and reports an existing migration config instead of replacing it', () => {
    const root = copyInput('empty-js-cjs-knex');
    fs.writeFileSync(path.join(root, 'knexfile.js'), 'module.exports = {};\n');
    const report = runInit(root, { driver: 'knex' });
    expect(fs.readFileSync(path.join(root, 'knexfile.js'), 'utf8')).toBe('module.exports = {};\n');
    expect(report.findings.map(({ file }) => file)).toEqual(['knexfile.js']);
    expect(fs.readFileSync(path.join(root, 'db.js'), 'utf8')).toContain("const knex = require('knex');");
    expect(init.templateFor(detectProject(root), 'postgres')).toBe('postgres');
    expect(init.templateFor(detectProject(root), 'slonik')).toBeUndefined();
  });

  it('--env-var names the variable the module reads and .env.example lists', () => {
    const root = copyInput('empty-ts-pg');
    runInit(root, { envVar: 'POSTGRES_URL' });
    const dbModule = fs.readFileSync(path.join(root, 'src/db.ts'), 'utf8');
    expect(dbModule).toContain('const databaseUrl = process.env.POSTGRES_URL;\n');
    expect(dbModule).toContain("throw new Error('POSTGRES_URL is not set.");
    expect(dbModule).not.toContain('process.env.DATABASE_URL;');
    expect(fs.readFileSync(path.join(root, '.env.example'), 'utf8')).toBe(
      [
        "# The app's connection: Neon's pooled endpoint (host with -pooler).",
        'POSTGRES_URL=postgresql://<user>:<password>@<endpoint>-pooler.<region>.aws.neon.tech/<database>?sslmode=require',
        '',
        '# Migrations: the direct endpoint (no -pooler); for a local database, the same URL as POSTGRES_URL.',
        'DATABASE_URL_UNPOOLED=postgresql://<user>:<password>@<endpoint>.<region>.aws.neon.tech/<database>?sslmode=require',
        '',
      ].join('\n'),
    );
  });

  it('adds the type packages of what the module imports only: the knex module does not import pg', () => {
    const root = copyInput('empty-ts-pg');
    runInit(root, { driver: 'knex' });
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: object; devDependencies: object };
    expect(pkg.dependencies).toEqual({ knex: '^3.1.0', pg: '^8.16.0' });
    expect(pkg.devDependencies).toEqual({ typescript: '^5.9.0' });
  });

  it('the TypeScript scaffold type-checks against the real driver type packages', () => {
    const files = CASES.flatMap((name) =>
      listFiles(path.join(FIXTURES, name, 'output'))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(FIXTURES, name, 'output', file)),
    );
    const diagnostics = typeErrors(files, FIXTURES);
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(diagnostics).toEqual([]);
  });

  describe('Prisma', () => {
    const SCHEMA_7 = 'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n';
    const prismaProject = (dependencies: Record<string, string>, schema: string, extra: Record<string, string> = {}) => {
      const root = tempProject(
        {
          'package.json': `${JSON.stringify({ name: 'app', private: true, type: 'module', dependencies, devDependencies: { typescript: '^5.9.0' } }, null, 2)}\n`,
          'tsconfig.json': '{ "compilerOptions": { "module": "nodenext", "strict": true } }\n',
          'prisma/schema.prisma': schema,
          'src/index.ts': 'export {};\n',
          ...extra,
        },
        { repo: false },
      );
      made.push(root);
      return root;
    };

    it('Prisma 7: a PrismaPg db module importing the generated client, and a prisma.config.ts that reads the direct URL', () => {
      const root = prismaProject({ '@prisma/client': '^7.6.0', prisma: '^7.6.0' }, SCHEMA_7);
      const report = runInit(root);
      expect(report.findings).toEqual([]);
      const db = fs.readFileSync(path.join(root, 'src/db.ts'), 'utf8');
      expect(db.split('\n').filter((line) => line.startsWith('import '))).toEqual([
        "import { execFile } from 'node:child_process';",
        "import { promisify } from 'node:util';",
        "import { PrismaPg } from '@prisma/adapter-pg';",
        "import { PrismaClient } from './generated/prisma/client.js';",
      ]);
      expect(db).toContain('export const prisma = globalForPrisma.prisma ?? new PrismaClient({ adapter });');
      expect(fs.readFileSync(path.join(root, 'prisma.config.ts'), 'utf8')).toBe(
        [
          '// Prisma CLI config: Prisma 7 reads the datasource URL here. Migrations run over the direct (unpooled) URL;',
          "// PgBouncer's transaction mode (Neon's -pooler endpoint) drops their session locks.",
          "import 'dotenv/config';",
          "import { defineConfig } from 'prisma/config';",
          '',
          'export default defineConfig({',
          "  schema: 'prisma/schema.prisma',",
          "  migrations: { path: 'prisma/migrations' },",
          "  datasource: { url: process.env.DATABASE_URL_UNPOOLED ?? '' },",
          '});',
          '',
        ].join('\n'),
      );
      const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
      expect(pkg.dependencies['@prisma/adapter-pg']).toBe('^7.6.0');
      expect(pkg.devDependencies.dotenv).toBeDefined();
      const toolConfigLinter = createNeonLinter({ cwd: root, ruleIds: TOOL_CONFIG_RULES });
      expect(toolConfigLinter.lint(fs.readFileSync(path.join(root, 'prisma.config.ts'), 'utf8'), path.join(root, 'prisma.config.ts')).messages).toEqual([]);
      expect(createNeonLinter({ cwd: root, ruleIds: RULES }).lint(db, path.join(root, 'src/db.ts')).messages).toEqual([]);
      const first = readTree(root);
      expect(runInit(root).changed).toEqual([]);
      expect(readTree(root)).toEqual(first);
    });

    it('Prisma 7 with a prisma.config.ts of its own: left as is', () => {
      const config = "import { defineConfig, env } from 'prisma/config';\nexport default defineConfig({ datasource: { url: env('DIRECT_URL') } });\n";
      const root = prismaProject({ '@prisma/client': '^7.6.0' }, SCHEMA_7, { 'prisma.config.ts': config });
      runInit(root);
      expect(fs.readFileSync(path.join(root, 'prisma.config.ts'), 'utf8')).toBe(config);
    });

    it('Prisma 6 with @prisma/adapter-neon: a PrismaNeon db module importing @prisma/client', () => {
      const root = prismaProject({ '@prisma/client': '^6.19.0', '@prisma/adapter-neon': '^6.19.0' }, 'generator client {\n  provider = "prisma-client-js"\n}\n');
      runInit(root);
      const db = fs.readFileSync(path.join(root, 'src/db.ts'), 'utf8');
      expect(db).toContain("import { PrismaNeon } from '@prisma/adapter-neon';\nimport { PrismaClient } from '@prisma/client';");
      expect(fs.existsSync(path.join(root, 'prisma.config.ts'))).toBe(false);
    });

    it('Prisma 6 without an adapter keeps its engine; an @prisma/adapter-pg range below 6.13 is reported', () => {
      const classic = prismaProject({ '@prisma/client': '^6.19.0' }, 'generator client {\n  provider = "prisma-client-js"\n}\n');
      runInit(classic);
      expect(fs.readFileSync(path.join(classic, 'src/db.ts'), 'utf8')).toContain('new PrismaClient({ datasourceUrl: databaseUrl })');
      const old = prismaProject({ '@prisma/client': '^6.10.0', '@prisma/adapter-pg': '^6.10.0' }, 'generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["driverAdapters"]\n}\n');
      const report = runInit(old);
      expect(report.findings.map(({ file, message }) => `${file}: ${message.split(':')[0]}`)).toEqual([
        "package.json: @prisma/adapter-pg 6.10.0 is allowed by package.json",
      ]);
    });
  });
});
