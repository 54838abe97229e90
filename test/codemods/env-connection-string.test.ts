import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import transform, { EnvRegistry, specificName } from '../../codemods/env-connection-string';
import { createNeonLinter } from '../../codemods/lib/lint';
import { maskSecrets } from '../../codemods/lib/report';
import { jscodeshiftFor, parserFor } from '../../codemods/lib/transform';
import { git, GIT_ENV, tempProject } from '../support/git-repo';
import { typeErrors } from '../support/typecheck';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'fixtures/codemods/env-connection-string');
const RULE = 'neon/no-hardcoded-connection-string';
const linter = createNeonLinter({ cwd: REPO, ruleIds: [RULE] });

interface Finding {
  line: number;
  column: number;
  message: string;
}

function run(file: string, source: string, registry = new EnvRegistry('DATABASE_URL')) {
  const j = jscodeshiftFor(parserFor(file));
  const findings: Finding[] = [];
  const secrets: string[] = [];
  const output = transform({ path: file, source }, { j, jscodeshift: j, stats: () => {}, report: () => {} }, {
    root: REPO,
    envVar: registry.main,
    envRegistry: registry,
    reportFinding: (finding: Finding) => findings.push(finding),
    addSecret: (secret: string) => secrets.push(secret),
  } as never) as string | undefined;
  return { output: output ?? source, changed: typeof output === 'string' && output !== source, findings, secrets, registry };
}

const CASES = (fs.readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => /\.input\.[cm]?[jt]sx?$/.test(file))
  .sort()
  .map((input) => ({ name: input.replace(/\.input\.\w+$/, ''), input: path.join(FIXTURES, input), output: path.join(FIXTURES, input.replace('.input.', '.output.')) }));

/** The variables each case leaves to set, in naming order; every other case is a no-op. */
const VARIABLES: Readonly<Record<string, readonly string[]>> = {
  'concatenated-url': ['DATABASE_URL'],
  'credential-object-pg': ['DATABASE_URL'],
  'knex-connection-object': ['DATABASE_URL'],
  'literal-url-in-pool': ['DATABASE_URL'],
  'localhost-fallback': ['DATABASE_URL'],
  'pooled-and-direct-neon': ['DATABASE_URL', 'DATABASE_URL_UNPOOLED'],
  'postgres-js-url': ['DATABASE_URL'],
  'sequelize-positional-credentials': ['DATABASE_URL'],
  'template-literal-url': ['DATABASE_URL'],
  'two-distinct-urls': ['DATABASE_URL', 'ANALYTICS_DATABASE_URL'],
  'typeorm-url': ['DATABASE_URL'],
  'workers-env-binding': ['DATABASE_URL'],
};
const NO_OPS = ['__tests__/test-file-local-url', 'env-already', 'placeholder-url'];

describe('env-connection-string fixtures', () => {
  it('covers every case named in the brief', () => {
    expect(CASES.map((entry) => entry.name).sort()).toEqual([...Object.keys(VARIABLES), ...NO_OPS].sort());
  });

  it.each(CASES)('$name', ({ name, input, output }) => {
    const source = fs.readFileSync(input, 'utf8');
    const expected = fs.readFileSync(output, 'utf8');
    const first = run(input, source);
    expect(first.output).toBe(expected);
    expect(first.changed).toBe(!NO_OPS.includes(name));
    expect(first.findings).toEqual([]);
    const relative = path.relative(REPO, input);
    expect(first.registry.variablesOf(new Set([relative])).map((variable) => variable.name)).toEqual(VARIABLES[name] ?? []);

    // The rule it answers reports nothing on the output, which parses.
    const lint = linter.lint(first.output, input);
    expect(lint.fatal).toBeUndefined();
    expect(lint.messages).toEqual([]);
    expect(() => jscodeshiftFor(parserFor(input))(first.output)).not.toThrow();
    // A second run changes nothing.
    expect(run(input, first.output).changed).toBe(false);
  });

  it('hands every moved password to the redactor', () => {
    const input = path.join(FIXTURES, 'credential-object-pg.input.ts');
    expect(run(input, fs.readFileSync(input, 'utf8')).secrets).toEqual(['Tr0ub4dor3x']);
    const positional = path.join(FIXTURES, 'sequelize-positional-credentials.input.js');
    expect(run(positional, fs.readFileSync(positional, 'utf8')).secrets).toEqual(['Tr0ub4dor3x']);
  });

  it('TypeScript outputs type-check against the real driver types', () => {
    const files = CASES.map((entry) => entry.output).filter((file) => file.endsWith('.ts'));
    const diagnostics = typeErrors(files, FIXTURES);
    expect(diagnostics).toEqual([]);
  });
});

describe('env-connection-string leaves for a human what it cannot move as is', () => {
  const SECRET = 'Tr0ub4dor3x';
  it.each([
    ['a URL with a dynamic part', "const url = `postgres://app:Tr0ub4dor3x@db.acme.io/${tenant}`;", 1, 13, 'it has dynamic parts'],
    ['a URL inside a longer text', "console.log('connecting to postgres://app:Tr0ub4dor3x@db.acme.io/app');", 1, 13, 'not a whole expression'],
    [
      'a URL at module scope of a Worker',
      "const url = 'postgres://app:Tr0ub4dor3x@db.acme.io/app';\nexport default { async fetch() { return new Response(url); } };",
      1,
      13,
      'not a whole expression',
    ],
    [
      'credentials mixed with code',
      "import { Pool } from 'pg';\nnew Pool({ host: process.env.PGHOST, user: 'app', password: 'Tr0ub4dor3x' });",
      2,
      61,
      'mix literals with code',
    ],
    ['postgres.js options first', "import postgres from 'postgres';\npostgres({ host: 'db.acme.io', password: 'Tr0ub4dor3x' });", 2, 42, 'postgres() takes no connection string option'],
    ['Sequelize options object', "import { Sequelize } from 'sequelize';\nnew Sequelize({ dialect: 'postgres', host: 'db.acme.io', password: 'Tr0ub4dor3x' });", 2, 68, 'new Sequelize() takes no connection string option'],
    [
      'a password next to a connection string',
      "import { Pool } from 'pg';\nnew Pool({ connectionString: process.env.DATABASE_URL, password: 'Tr0ub4dor3x' });",
      2,
      66,
      'already name a connection string',
    ],
    [
      'Sequelize with options from elsewhere',
      "import { Sequelize } from 'sequelize';\nimport options from './options';\nnew Sequelize('app', 'app', 'Tr0ub4dor3x', options);",
      3,
      29,
      'options are not an object literal',
    ],
  ])('%s', (_name, source, line, column, why) => {
    const result = run(path.join(REPO, 'src/db.ts'), source);
    expect(result.changed).toBe(false);
    expect(result.findings).toEqual([{ line, column, ruleId: RULE, message: expect.stringContaining(why) }]);
    expect(result.findings[0]!.message).not.toContain(SECRET);
  });
});

describe('EnvRegistry naming', () => {
  const request = (value: string, extra: { hint?: string; migration?: boolean; reserved?: string[] } = {}) => ({
    value,
    hint: extra.hint,
    migration: extra.migration ?? false,
    reserved: new Set(extra.reserved ?? []),
  });
  const MAIN = 'postgres://app:pw1@db.acme.io/app';
  const OTHER = 'postgres://etl:pw2@warehouse.acme.io/analytics';
  const POOLED = 'postgresql://a:npg_Ab12Cd34Ef56@ep-x-1-pooler.us-east-2.aws.neon.tech/neondb';
  const DIRECT = 'postgresql://a:npg_Ab12Cd34Ef56@ep-x-1.us-east-2.aws.neon.tech/neondb';

  it('gives the same URL the same name, and others a name from their binding or database', () => {
    const registry = new EnvRegistry('DATABASE_URL');
    expect(registry.nameFor(request(MAIN))).toBe('DATABASE_URL');
    expect(registry.nameFor(request(MAIN, { hint: 'REPORTS' }))).toBe('DATABASE_URL');
    expect(registry.nameFor(request(OTHER))).toBe('ANALYTICS_DATABASE_URL');
    expect(registry.nameFor(request('postgres://a:pw3@c.acme.io/neondb', { hint: 'REPLICA' }))).toBe('REPLICA_DATABASE_URL');
    expect(registry.nameFor(request('postgres://a:pw4@d.acme.io/neondb'))).toBe('DATABASE_URL_2');
  });

  it('honours --env-var for the main variable', () => {
    expect(new EnvRegistry('PRIMARY_DB').nameFor(request(MAIN))).toBe('PRIMARY_DB');
  });

  it('never reuses a name .env holds for another database, nor one the file already reads', () => {
    expect(new EnvRegistry('DATABASE_URL', new Map([['DATABASE_URL', OTHER]])).nameFor(request(MAIN))).toBe('DATABASE_URL_2');
    expect(new EnvRegistry('DATABASE_URL', new Map([['DATABASE_URL', MAIN]])).nameFor(request(MAIN))).toBe('DATABASE_URL');
    expect(new EnvRegistry('DATABASE_URL').nameFor(request(OTHER, { reserved: ['DATABASE_URL'] }))).toBe('ANALYTICS_DATABASE_URL');
  });

  it('names a direct Neon endpoint after its pooled twin, and the direct URL of a migration _UNPOOLED', () => {
    const registry = new EnvRegistry('DATABASE_URL');
    expect(registry.nameFor(request(POOLED))).toBe('DATABASE_URL');
    expect(registry.nameFor(request(DIRECT))).toBe('DATABASE_URL_UNPOOLED');
    const migrationsFirst = new EnvRegistry('DATABASE_URL');
    expect(migrationsFirst.nameFor(request(DIRECT, { migration: true }))).toBe('DATABASE_URL_UNPOOLED');
    expect(migrationsFirst.nameFor(request(POOLED))).toBe('DATABASE_URL');
  });

  it.each([
    ['analyticsDbUrl', 'ANALYTICS'],
    ['READ_REPLICA_URL', 'READ_REPLICA'],
    ['pool', undefined],
    ['connectionString', undefined],
    ['AppDataSource', undefined],
  ])('specificName(%s) is %s', (name, expected) => {
    expect(specificName(name)).toBe(expected);
  });
});

describe('maskSecrets', () => {
  it('masks quoted short secrets and long secrets anywhere, and leaves look-alike words alone', () => {
    const secrets = new Set(['pg', 'Tr0ub4dor3x']);
    expect(maskSecrets(`-  password: 'pg',\n-new Sequelize('app', 'app', "Tr0ub4dor3x")\n import { Pool } from 'pgx';`, secrets)).toBe(
      `-  password: '****',\n-new Sequelize('app', 'app', "****")\n import { Pool } from 'pgx';`,
    );
  });
});

// ---------------------------------------------------------------------------
// The whole run through the built `neon-codemod` binary, in temp git repositories

const OUT_DIR = path.join(REPO, '.tmp', `env-connection-string-${process.pid}`);
const CLI = path.join(OUT_DIR, 'codemods', 'cli.js');
const SECRET = 'Tr0ub4dor3x';
const NEON_URL = `postgresql://shop_owner:${SECRET}@ep-quiet-sky-123456-pooler.eu-central-1.aws.neon.tech/shop?sslmode=require`;
const made: string[] = [];

const APP: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop', dependencies: { pg: '^8.13.0', sequelize: '^6.37.0' } }, null, 2),
  '.gitignore': 'node_modules/\n',
  '.env.example': '# copy to .env\nPORT=3000\n',
  'src/db.ts': `import { Pool } from 'pg';\n\nexport const pool = new Pool({\n  connectionString: '${NEON_URL}',\n  max: 10,\n});\n`,
  'src/legacy.js': `const { Sequelize } = require('sequelize');\n\nmodule.exports = new Sequelize('shop', 'shop_owner', '${SECRET}', { host: 'db.acme.io', dialect: 'postgres' });\n`,
  'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
};

function project(files: Record<string, string> = APP): string {
  const root = tempProject(files);
  made.push(root);
  return root;
}

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'env-connection-string', ...args], { cwd, env: { ...GIT_ENV, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

beforeAll(() => {
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT_DIR], { cwd: REPO, encoding: 'utf8' });
  // Type errors in other people's files still emit; only a missing binary stops the suite.
  if (!fs.existsSync(CLI)) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
});

afterAll(() => {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('neon-codemod env-connection-string', () => {
  it('--dry prints a redacted diff (passwords as ****) and writes nothing', () => {
    const root = project();
    const { code, stdout, stderr } = cli(root, '--dry');
    expect(code).toBe(0);
    expect(stdout).toContain(`-  connectionString: 'postgresql://shop_owner:****@ep-quiet-sky-123456-pooler.eu-central-1.aws.neon.tech/shop?sslmode=require',\n+  connectionString: process.env.DATABASE_URL,`);
    expect(stdout).toContain(`-module.exports = new Sequelize('shop', 'shop_owner', '****', { host: 'db.acme.io', dialect: 'postgres' });\n+module.exports = new Sequelize(process.env.SHOP_DATABASE_URL, { dialect: 'postgres' });`);
    expect(stdout).toContain('\nSet these environment variables wherever the app runs (values are not shown):\n  DATABASE_URL\n  SHOP_DATABASE_URL\n');
    expect(`${stdout}${stderr}`).not.toContain(SECRET);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('rewrites the code, lists the variables in .env.example with placeholders, and a second run changes nothing', () => {
    const root = project();
    const { code, stdout, stderr } = cli(root);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(read(root, 'src/db.ts')).toBe(`import { Pool } from 'pg';\n\nexport const pool = new Pool({\n  connectionString: process.env.DATABASE_URL,\n  max: 10,\n});\n`);
    expect(read(root, 'src/legacy.js')).toBe(`const { Sequelize } = require('sequelize');\n\nmodule.exports = new Sequelize(process.env.SHOP_DATABASE_URL, { dialect: 'postgres' });\n`);
    expect(read(root, '.env.example')).toBe(
      '# copy to .env\nPORT=3000\nDATABASE_URL=postgresql://USER:PASSWORD@HOST/DB?sslmode=require\nSHOP_DATABASE_URL=postgresql://USER:PASSWORD@HOST/DB?sslmode=require\n',
    );
    expect(fs.existsSync(path.join(root, '.env'))).toBe(false);
    expect(stdout).toContain('\n.env.example: added DATABASE_URL, SHOP_DATABASE_URL.\nRun again with --write-env');
    expect(stdout).not.toContain(SECRET);
    expect(git(root, 'status', '--porcelain')).toBe(' M .env.example\n M src/db.ts\n M src/legacy.js\n');
    // The summary counts every file written, .env.example included.
    expect(stdout).toMatch(/\nenv-connection-string +\d+ +\d+ +3 +0 +0 +0\n/);

    git(root, 'commit', '--quiet', '-am', 'env');
    const second = cli(root);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/\nenv-connection-string +\d+ +\d+ +0 +0 +0 +0\n/);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('--write-env moves the real values into a git-ignored .env, keeping existing keys', () => {
    const root = project({ ...APP, 'src/legacy.js': 'module.exports = {};\n' });
    fs.writeFileSync(path.join(root, '.env'), 'PORT=3000\nDATABASE_URL=' + NEON_URL + '\n');
    const { code, stdout, stderr } = cli(root, '--write-env', '--force');
    expect(code).toBe(0);
    expect(read(root, '.env')).toBe(`PORT=3000\nDATABASE_URL=${NEON_URL}\n`);
    expect(read(root, '.gitignore')).toBe('node_modules/\n/.env\n');
    expect(spawnSync('git', ['check-ignore', '-q', '.env'], { cwd: root }).status).toBe(0);
    expect(stdout).toContain('\n.env: nothing new (1 already set, left as is).\n.gitignore: added /.env.\n');
    expect(`${stdout}${stderr}`).not.toContain(SECRET);

    const fresh = project();
    const run = cli(fresh, '--write-env');
    expect(run.code).toBe(0);
    expect(read(fresh, '.env')).toBe(`DATABASE_URL=${NEON_URL}\nSHOP_DATABASE_URL=postgresql://shop_owner:${SECRET}@db.acme.io/shop\n`);
    expect(fs.statSync(path.join(fresh, '.env')).mode & 0o777).toBe(0o600);
    expect(run.stdout).toContain('\n.env: wrote DATABASE_URL, SHOP_DATABASE_URL.\n');
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
    expect(git(fresh, 'status', '--porcelain')).toBe(' M .env.example\n M .gitignore\n M src/db.ts\n M src/legacy.js\n');
    // .env is git-ignored, so git does not list it; the report does.
    const json = JSON.parse(cli(project(), '--write-env', '--json').stdout) as { transforms: { changed: string[] }[] };
    expect(json.transforms[0]!.changed.sort()).toEqual(['.env', '.env.example', '.gitignore', 'src/db.ts', 'src/legacy.js']);
  });

  it('--write-env refuses a .env that git tracks', () => {
    const root = project({ ...APP, '.env': 'PORT=3000\n' });
    const { code, stdout } = cli(root, '--write-env');
    expect(code).toBe(1);
    expect(read(root, '.env')).toBe('PORT=3000\n');
    expect(stdout).toContain('.env: .env is tracked by git: values not written, set them by hand.');
    expect(stdout).not.toContain(SECRET);
  });
});
