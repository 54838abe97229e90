import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { unifiedDiff } from '../../codemods/lib/diff';
import { createNeonLinter } from '../../codemods/lib/lint';
import { jscodeshiftFor, parserFor, type CodemodOptions } from '../../codemods/lib/transform';
import transformer, { meta } from '../../codemods/release-in-finally';
import { git, GIT_ENV, tempProject } from '../support/git-repo';
import { typeErrors } from '../support/typecheck';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'fixtures/codemods/release-in-finally');
const CASES = fs
  .readdirSync(FIXTURES)
  .filter((name) => /\.input\.[jt]s$/.test(name))
  .map((name) => ({ name: name.replace(/\.input\.[jt]s$/, ''), input: path.join(FIXTURES, name), output: path.join(FIXTURES, name.replace('.input.', '.output.')) }));

/** What each case leaves for a human; every other case leaves nothing. */
const EXPECTED_FINDINGS: Record<string, { line: number; column: number; message: RegExp }[]> = {
  'callback-form': [{ line: 10, column: 16, message: /^not rewritten: callback-style `pool\.connect\(\(err, client, done\) => …\)` is left for a human .*This path leaves without calling `done\(\)`/ }],
  'catch-releases-then-awaits': [
    { line: 15, column: 5, message: /^not rewritten: `client\.release\(\)` on line 18 is followed by more awaited work, a use of the client or a loop: moving it into `finally` would hold the client longer\. `client\.release\(\)` is skipped/ },
  ],
  'unawaited-query': [{ line: 10, column: 3, message: /^not rewritten: `client\.query\(…\)` is not awaited, so a release in `finally` could run before it completes\./ }],
};

const linter = createNeonLinter({ cwd: REPO, ruleIds: [...meta.answers] });

function transform(file: string, source: string) {
  const j = jscodeshiftFor(parserFor(file));
  const findings: { line: number; column: number; message: string; ruleId?: string }[] = [];
  const options = { root: REPO, reportFinding: (finding) => findings.push(finding) } as Partial<CodemodOptions> as CodemodOptions;
  const output = transformer({ path: file, source }, { j, jscodeshift: j, stats: () => {}, report: () => {} }, options);
  return { output: output ?? source, changed: output !== undefined, findings };
}

describe('release-in-finally fixtures', () => {
  it('has the scenarios of the issue', () => {
    expect(CASES.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        'trailing-release',
        'release-in-try-and-catch',
        'existing-try-catch',
        'existing-finally-without-release',
        'early-return',
        'release-with-error-argument',
        'let-assigned-client',
        'imported-pool',
        'callback-form',
        'already-released-in-finally',
        'double-release',
        'comments-kept',
        'commonjs-javascript',
      ]),
    );
  });

  describe.each(CASES)('$name', ({ name, input, output }) => {
    const source = fs.readFileSync(input, 'utf8');
    const expected = fs.readFileSync(output, 'utf8');

    it('produces the expected output and findings', () => {
      const result = transform(input, source);
      expect(result.output).toBe(expected);
      expect(result.changed).toBe(expected !== source);
      expect(result.findings).toEqual(
        (EXPECTED_FINDINGS[name] ?? []).map(({ line, column, message }) => ({ line, column, message: expect.stringMatching(message), ruleId: 'neon/require-client-release' })),
      );
    });

    it('changes nothing on a second run', () => {
      expect(transform(output, expected).changed).toBe(false);
    });

    it('leaves output that parses and that the rule reports only where a human is needed', () => {
      expect(() => jscodeshiftFor(parserFor(output))(expected)).not.toThrow();
      const result = linter.lint(expected, output);
      expect(result.fatal).toBeUndefined();
      expect(result.messages.map(({ line, column }) => ({ line, column }))).toEqual(
        (EXPECTED_FINDINGS[name] ?? []).map(({ line, column }) => ({ line, column })),
      );
    });
  });

  it('leaves TypeScript outputs that type-check against pg and @types/pg', () => {
    const files = [...CASES.map((entry) => entry.output).filter((file) => file.endsWith('.ts')), path.join(FIXTURES, 'db.ts')];
    const diagnostics = typeErrors(files, REPO);
    expect(diagnostics).toEqual([]);
  });

  it('leaves a file the rule is silent on untouched, without parsing it', () => {
    const source = "import { Client } from 'pg';\nexport async function run() { const c = new Client(); await c.connect(); await c.end(); }\n";
    expect(transform(path.join(REPO, 'src/run.ts'), source)).toEqual({ output: source, changed: false, findings: [] });
  });

  it('rewrites every reported checkout of a file, nested ones too', () => {
    const source = [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      "pool.on('error', () => {});",
      'export async function copy() {',
      '  const source = await pool.connect();',
      "  const { rows } = await source.query('SELECT * FROM a');",
      '  const target = await pool.connect();',
      "  await target.query('INSERT INTO b SELECT * FROM json_populate_recordset(null::b, $1)', [JSON.stringify(rows)]);",
      '  target.release();',
      '  source.release();',
      '}',
      '',
    ].join('\n');
    const expected = [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      "pool.on('error', () => {});",
      'export async function copy() {',
      '  const source = await pool.connect();',
      '  try {',
      "    const { rows } = await source.query('SELECT * FROM a');",
      '    const target = await pool.connect();',
      '    try {',
      "      await target.query('INSERT INTO b SELECT * FROM json_populate_recordset(null::b, $1)', [JSON.stringify(rows)]);",
      '    } finally {',
      '      target.release();',
      '    }',
      '  } finally {',
      '    source.release();',
      '  }',
      '}',
      '',
    ].join('\n');
    const result = transform(path.join(REPO, 'src/copy.ts'), source);
    expect(result.output).toBe(expected);
    expect(result.findings).toEqual([]);
    expect(linter.lint(result.output, path.join(REPO, 'src/copy.ts')).messages).toEqual([]);
  });

  it('leaves a client used in a callback alone, with a finding', () => {
    const source = [
      'export async function watch(pool, emitter) {',
      '  const client = await pool.connect();',
      "  emitter.on('tick', async () => { await client.query('SELECT 1'); });",
      "  await client.query('SELECT 2');",
      '  client.release();',
      '}',
      '',
    ].join('\n');
    const result = transform(path.join(REPO, 'src/watch.js'), source);
    expect(result.changed).toBe(false);
    expect(result.findings).toEqual([
      {
        line: 5,
        column: 3,
        message: expect.stringMatching(/^not rewritten: `client` is used inside a callback, which may run after a `finally` has released it\. /),
        ruleId: 'neon/require-client-release',
      },
    ]);
  });
});

/**
 * The real binary, compiled once into a private folder inside the repository
 * (so node_modules resolve), never into the shared dist/.
 */
describe('neon-codemod release-in-finally', () => {
  const outDir = path.join(REPO, '.tmp', `release-in-finally-cli-${process.pid}`);
  const cliPath = path.join(outDir, 'codemods', 'cli.js');
  const made: string[] = [];

  beforeAll(() => {
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: REPO, encoding: 'utf8' });
    // Type errors in other people's files still emit; only a missing binary stops the suite.
    if (!fs.existsSync(cliPath)) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  });

  afterAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function cli(cwd: string, ...args: string[]) {
    const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: { ...GIT_ENV, NO_COLOR: '1' }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

  it('prints a diff with --dry, writes with a real run, and changes nothing the second time', () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', dependencies: { pg: '^8.13.0' } }),
      'src/users.ts': fixture('trailing-release.input.ts'),
      'src/legacy.js': fixture('callback-form.input.js'),
      'src/util.ts': 'export const add = (a: number, b: number) => a + b;\n',
    });
    made.push(root);

    const dry = cli(root, 'release-in-finally', 'src', '--dry');
    expect(dry.code).toBe(0);
    const diff = unifiedDiff('src/users.ts', fixture('trailing-release.input.ts'), fixture('trailing-release.output.ts'), false);
    expect(diff).toMatch(/^--- a\/src\/users\.ts\n\+\+\+ b\/src\/users\.ts\n@@ -5,14 \+5,20 @@\n/);
    expect(dry.stdout.slice(0, diff.length + 1)).toBe(`${diff}\n`);
    expect(dry.stdout.slice(diff.length + 1)).not.toContain('+++');

    const json = cli(root, 'release-in-finally', 'src', '--dry', '--json');
    expect(json.code).toBe(0);
    const [report] = (JSON.parse(json.stdout) as { transforms: { scanned: number; changed: string[]; findings: unknown[] }[] }).transforms;
    expect(report).toMatchObject({ scanned: 3, changed: ['src/users.ts'] });
    expect(report!.findings).toEqual([
      { file: 'src/legacy.js', line: 10, column: 16, message: expect.stringMatching(/^not rewritten: callback-style /), ruleId: 'neon/require-client-release' },
    ]);
    expect(fs.readFileSync(path.join(root, 'src/users.ts'), 'utf8')).toBe(fixture('trailing-release.input.ts'));

    const write = cli(root, 'release-in-finally', 'src');
    expect(write.code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'src/users.ts'), 'utf8')).toBe(fixture('trailing-release.output.ts'));
    expect(fs.readFileSync(path.join(root, 'src/legacy.js'), 'utf8')).toBe(fixture('callback-form.input.js'));
    expect(git(root, 'status', '--porcelain')).toBe(' M src/users.ts\n');

    git(root, 'commit', '--quiet', '-am', 'release in finally');
    const again = cli(root, 'release-in-finally', 'src');
    expect(again.code).toBe(0);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});
