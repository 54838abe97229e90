/**
 * The neon-codemod binary on hostile trees: read-only files, symbolic links,
 * no git, unparseable files, CRLF and mixed line endings, a BOM, and a file
 * edited while the run holds it. Each case gets a clear message, loses
 * nothing, and leaves no temp file behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runFileTransform, type FileTransformModule, type RunContext } from '../../codemods/lib/transform';
import { Reporter } from '../../codemods/lib/report';
import { detectProject } from '../../src/project/detect';
import { GIT_ENV, tempProject } from '../support/git-repo';
import { REPO } from './support';

// Compiled into a private folder (as test/codemods/cli.test.ts does): dist/ is shared with suites building concurrently.
const OUT_DIR = path.join(REPO, '.tmp', `robustness-cli-${process.pid}`);
const CLI = path.join(OUT_DIR, 'codemods', 'cli.js');
const FIXTURES = path.join(REPO, 'fixtures/codemods');
const RELEASE_INPUT = fs.readFileSync(path.join(FIXTURES, 'release-in-finally/trailing-release.input.ts'), 'utf8');
const RELEASE_OUTPUT = fs.readFileSync(path.join(FIXTURES, 'release-in-finally/trailing-release.output.ts'), 'utf8');
const ENV_INPUT = fs.readFileSync(path.join(FIXTURES, 'env-connection-string/literal-url-in-pool.input.ts'), 'utf8');
const ENV_OUTPUT = fs.readFileSync(path.join(FIXTURES, 'env-connection-string/literal-url-in-pool.output.ts'), 'utf8');
const PACKAGE_JSON = JSON.stringify({ name: 'hostile', dependencies: { pg: '^8.13.0' } });

const made: string[] = [];

function project(files: Record<string, string>, options: { repo?: boolean } = {}): string {
  const root = tempProject({ 'package.json': PACKAGE_JSON, ...files }, options);
  made.push(root);
  return root;
}

interface CliRun {
  readonly code: number | null;
  readonly stderr: string;
  readonly report: {
    transforms: {
      changed: string[];
      skipped: { file: string; reason: string }[];
      failed: { file: string; reason: string }[];
      diffs: { file: string; diff: string }[];
    }[];
    skipped: { file: string; reason: string }[];
    warnings: string[];
  };
}

function cli(cwd: string, ...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args, '--json'], { cwd, env: { ...GIT_ENV, NO_COLOR: '1' }, encoding: 'utf8' });
  return { code: result.status, stderr: result.stderr, report: JSON.parse(result.stdout) as CliRun['report'] };
}

function read(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** Every file of the tree whose name marks it as one of the writer's temp files. */
function leftoverTempFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((name) => name.endsWith('.neon-codemod'));
}

beforeAll(() => {
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT_DIR], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (!fs.existsSync(CLI)) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
});

afterAll(() => {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  for (const root of made) {
    for (const name of fs.readdirSync(root, { recursive: true }) as string[]) {
      if (!fs.lstatSync(path.join(root, name)).isSymbolicLink()) fs.chmodSync(path.join(root, name), 0o755);
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
});

describe('neon-codemod on hostile trees', () => {
  it('reports a read-only file as skipped and leaves it byte for byte', () => {
    const root = project({ 'src/locked.ts': RELEASE_INPUT, 'src/open.ts': RELEASE_INPUT });
    fs.chmodSync(path.join(root, 'src/locked.ts'), 0o444);
    const { code, report } = cli(root, 'release-in-finally');
    expect(code).toBe(0);
    expect(report.transforms[0]!.skipped).toEqual([{ file: 'src/locked.ts', reason: 'read-only file, not changed' }]);
    expect(report.transforms[0]!.changed).toEqual(['src/open.ts']);
    expect(read(root, 'src/locked.ts')).toBe(RELEASE_INPUT);
    expect(fs.statSync(path.join(root, 'src/locked.ts')).mode & 0o777).toBe(0o444);
    expect(read(root, 'src/open.ts')).toBe(RELEASE_OUTPUT);
    expect(leftoverTempFiles(root)).toEqual([]);
  });

  it('does not follow a symbolic link, reports it, and leaves its target alone', () => {
    const outside = project({ 'shared/pool.ts': RELEASE_INPUT }, { repo: false });
    const root = project({ 'src/real.ts': RELEASE_INPUT });
    fs.symlinkSync(path.join(outside, 'shared/pool.ts'), path.join(root, 'src/linked.ts'));
    fs.symlinkSync(path.join(outside, 'shared'), path.join(root, 'src/linked-dir'));
    const { report } = cli(root, 'release-in-finally', '--force');
    expect(report.skipped).toEqual([
      { file: 'src/linked-dir', reason: 'symbolic link, not followed' },
      { file: 'src/linked.ts', reason: 'symbolic link, not followed' },
    ]);
    expect(report.transforms[0]!.changed).toEqual(['src/real.ts']);
    expect(read(outside, 'shared/pool.ts')).toBe(RELEASE_INPUT);
    expect(fs.lstatSync(path.join(root, 'src/linked.ts')).isSymbolicLink()).toBe(true);
  });

  it('runs outside git with a warning that there is no safety net', () => {
    const root = project({ 'src/pool.ts': RELEASE_INPUT }, { repo: false });
    const { code, report } = cli(root, 'release-in-finally');
    expect(code).toBe(0);
    expect(report.warnings).toEqual(['not a git repository, no safety net: review the changes before keeping them']);
    expect(read(root, 'src/pool.ts')).toBe(RELEASE_OUTPUT);
  });

  it('reports an unparseable file as failed (exit 1) and leaves it untouched, still rewriting the others', () => {
    const broken = "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f() {\n  const client = await pool.connect(;\n";
    const root = project({ 'src/broken.ts': broken, 'src/fine.ts': RELEASE_INPUT });
    const { code, report } = cli(root, 'release-in-finally');
    expect(code).toBe(1);
    expect(report.transforms[0]!.failed).toEqual([{ file: 'src/broken.ts', reason: expect.stringMatching(/^(does not parse, )?not transformed: .*\(4:\d+\)$/) }]);
    expect(read(root, 'src/broken.ts')).toBe(broken);
    expect(read(root, 'src/fine.ts')).toBe(RELEASE_OUTPUT);
    expect(leftoverTempFiles(root)).toEqual([]);
  });

  // Decision: a rewritten file keeps its BOM and its line ending; a mixed file is normalised to its dominant ending.
  it.each([
    ['release-in-finally', RELEASE_INPUT, RELEASE_OUTPUT],
    ['env-connection-string', ENV_INPUT, ENV_OUTPUT],
  ])('%s keeps a CRLF file CRLF and a BOM in front', (transform, input, output) => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const root = project({ 'src/crlf.ts': crlf(input), 'src/bom.ts': `\uFEFF${input}`, 'src/both.ts': `\uFEFF${crlf(input)}` });
    const { code, report } = cli(root, transform);
    expect(code).toBe(0);
    // env-connection-string also lists the .env.example it wrote.
    expect(report.transforms[0]!.changed.filter((file) => file !== '.env.example')).toEqual(['src/bom.ts', 'src/both.ts', 'src/crlf.ts']);
    expect(read(root, 'src/crlf.ts')).toBe(crlf(output));
    expect(read(root, 'src/bom.ts')).toBe(`\uFEFF${output}`);
    expect(read(root, 'src/both.ts')).toBe(`\uFEFF${crlf(output)}`);
    expect(leftoverTempFiles(root)).toEqual([]);
  });

  it('normalises a file with mixed line endings to its dominant one, never leaving a mix', () => {
    const lines = RELEASE_INPUT.split('\n');
    // every line CRLF but two LF ones
    const mixed = lines.map((line, index) => (index === lines.length - 1 ? line : `${line}${index === 2 || index === 9 ? '\n' : '\r\n'}`)).join('');
    const root = project({ 'src/mixed.ts': mixed });
    cli(root, 'release-in-finally');
    expect(read(root, 'src/mixed.ts')).toBe(RELEASE_OUTPUT.replace(/\n/g, '\r\n'));
  });

  it('--dry on a CRLF file diffs the same lines as on its LF twin, and writes nothing', () => {
    const crlfInput = RELEASE_INPUT.replace(/\n/g, '\r\n');
    const root = project({ 'src/crlf.ts': crlfInput, 'src/lf.ts': RELEASE_INPUT });
    const { report } = cli(root, 'release-in-finally', '--dry');
    expect(read(root, 'src/crlf.ts')).toBe(crlfInput);
    const [crlfDiff, lfDiff] = ['src/crlf.ts', 'src/lf.ts'].map((file) =>
      report.transforms[0]!.diffs.find((entry) => entry.file === file)!.diff.replace(/\r/g, '').replaceAll(file, 'file'),
    );
    expect(crlfDiff).toContain('+  } finally {');
    expect(crlfDiff).toBe(lfDiff);
  });
});

describe('a file edited while the run holds it', () => {
  it('is skipped as changed during the run, and the other writer keeps their edit', async () => {
    const root = project({ 'src/pool.ts': RELEASE_INPUT }, { repo: false });
    const file = path.join(root, 'src/pool.ts');
    const theirEdit = `${RELEASE_INPUT}// edited meanwhile\n`;
    // A transform that someone else's save overtakes: deterministic, unlike racing the binary.
    const overtaken: FileTransformModule = {
      meta: { name: 'overtaken', description: 'test', triggers: { text: ['.connect('] }, answers: [] },
      default: (info) => {
        fs.writeFileSync(file, theirEdit);
        return `${info.source}// rewritten\n`;
      },
    };
    const context: RunContext = {
      root,
      files: [file],
      walkSkipped: [],
      options: { root, stack: detectProject(root), dry: false, print: false, envVar: 'DATABASE_URL', writeEnv: false },
      reporter: new Reporter({ json: true }),
    };
    const report = await runFileTransform(overtaken, context);
    expect(report.skipped).toEqual([{ file: 'src/pool.ts', reason: 'changed during the run' }]);
    expect(report.changed).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe(theirEdit);
    expect(leftoverTempFiles(root)).toEqual([]);
  });
});

it('leaves no temp folder of its own behind', () => {
  expect(fs.readdirSync(os.tmpdir()).filter((name) => name.endsWith('.neon-codemod'))).toEqual([]);
});
