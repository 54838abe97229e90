/**
 * Rules are per-file pure, so ESLint's cache and `--concurrency` must not
 * change a single finding: the real CLI lints fixtures/rules/** with every
 * preset in a plain run, a cached run (twice: the second is served from the
 * cache) and a run on two threads, and the results must be identical.
 *
 * And no AST node shape makes a rule throw: a corpus that holds every node
 * type of typescript-eslint's AST is linted with every rule by both parsers.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { codeCorpus, configsFor, lintOrThrow, newLinter, REPO } from './support';

const OUT_DIR = path.join(REPO, '.tmp', `robustness-eslint-${process.pid}`);
const ESLINT_BIN = path.join(REPO, 'node_modules/eslint/bin/eslint.js');
let workDir: string;

interface NormalisedResult {
  readonly file: string;
  readonly messages: string[];
}

function runEslint(...args: string[]): NormalisedResult[] {
  const result = spawnSync(process.execPath, [ESLINT_BIN, '--format', 'json', ...args, '.'], { cwd: workDir, encoding: 'utf8', maxBuffer: 64 << 20 });
  // 1 means findings; 2 would be a configuration error or a crash.
  expect(result.status, result.stderr).toBeLessThan(2);
  const results = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; endLine?: number; endColumn?: number; message: string }[] }[];
  return results
    .map((entry) => ({
      file: path.relative(workDir, entry.filePath).split(path.sep).join('/'),
      messages: entry.messages.map((message) => `${message.line}:${message.column}-${message.endLine}:${message.endColumn} ${message.ruleId} ${message.message}`),
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

beforeAll(() => {
  const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT_DIR], { cwd: REPO, encoding: 'utf8' });
  const pluginEntry = path.join(OUT_DIR, 'src/index.js');
  if (!fs.existsSync(pluginEntry)) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-eslint-integration-'));
  fs.cpSync(path.join(REPO, 'fixtures/rules'), workDir, { recursive: true });
  fs.writeFileSync(
    path.join(workDir, 'eslint.config.cjs'),
    [
      `const plugin = require(${JSON.stringify(pluginEntry)});`,
      `const tsParser = require(${JSON.stringify(require.resolve('@typescript-eslint/parser'))});`,
      'module.exports = [',
      "  { files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' } },",
      '  ...plugin.configs.recommended,',
      '  ...plugin.configs.neon,',
      '  ...plugin.configs.strict,',
      '];',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the ESLint CLI over fixtures/rules/**', () => {
  it('gives identical results plainly, from the cache and on two threads', () => {
    const plain = runEslint();
    // The fixtures are there to be found: a run that reports nothing proves nothing.
    expect(plain.flatMap((result) => result.messages).length).toBeGreaterThan(20);
    expect(plain.some((result) => result.file === 'migrations-first/package.json')).toBe(true);

    const cacheLocation = path.join(workDir, '.eslintcache');
    expect(runEslint('--cache', '--cache-location', cacheLocation)).toEqual(plain);
    expect(fs.readFileSync(cacheLocation, 'utf8')).toContain('per-request');
    expect(runEslint('--cache', '--cache-location', cacheLocation)).toEqual(plain);
    expect(runEslint('--concurrency', '2')).toEqual(plain);
  });
});

/** Node types typescript-estree declares but never produces (modifiers are flags on their owner). */
const NEVER_PRODUCED = new Set<string>([
  'TSAbstractKeyword',
  'TSAsyncKeyword',
  'TSDeclareKeyword',
  'TSExportKeyword',
  'TSPrivateKeyword',
  'TSProtectedKeyword',
  'TSPublicKeyword',
  'TSReadonlyKeyword',
  'TSStaticKeyword',
]);

/** Shapes our own corpus lacks, each next to a client construction so that the rules do real work on them. */
const SUPPLEMENT: readonly { filename: string; code: string }[] = [
  {
    filename: 'src/statements.js',
    code: `import { Pool } from 'pg';
export * from './other.js';
import data from './data.json' with { type: 'json' };
const pool = new Pool();
outer: for (const key in data) {
  do { continue outer; } while (false);
  while (true) { debugger; break; }
  switch (key) { case 'a': new Pool(); break; default: ; }
}
const ClassExpr = class extends Base {
  #secret = 1;
  static { this.pool = new Pool(); }
  constructor(...args) { super(...args); this.#secret = (1, 2); }
  *gen() { yield new Pool(); }
};
`,
  },
  { filename: 'src/sloppy.cjs', code: "const { Pool } = require('pg');\nwith (Math) { new Pool({ max: max(1, 2) }); }\n" },
  {
    filename: 'app/page.tsx',
    code: `import { Pool } from 'pg';
export default async function Page(props: object) {
  const pool = new Pool();
  return <><ui.Box {...props} xlink:href="x">{/* empty */}{...props.children}</ui.Box></>;
}
`,
  },
  {
    filename: 'src/types.ts',
    code: `import { Pool } from 'pg';
import fs = require('fs');
enum Mode { A = 1, B }
declare function ambient(x: number): void;
abstract class Repo<T extends object = {}> implements Base {
  abstract accessor count: number;
  accessor size = 2;
  abstract name: string;
  abstract find(): T;
  private readonly pool = new Pool();
  protected static async load(this: Repo<T>): Promise<void> {}
  [key: string]: unknown;
}
interface Shape extends Base, Other<string> { (x: number): string; new (x: number): Shape; }
type Cond<T> = T extends Array<infer U> ? U : never;
type Ctor = abstract new () => object;
type Mapped = { readonly [K in keyof Shape]?: Shape[K] };
type Tuple = [first: string, second?: number, ...rest: boolean[]];
type Loose = [string, number?];
type Parts = \`pool-\${string}\` | 'literal' | 1n | bigint | symbol | unique symbol;
type Upper<S extends string> = intrinsic;
type Both = Shape & { x: this };
type Loaded = typeof import('pg');
type Query = typeof pool.query;
function isPool(value: unknown): value is Pool { return value instanceof Pool; }
const instantiated = Array<string>;
const cast = <Pool>new Pool();
const checked = { max: 1 } satisfies object;
export = Repo;
`,
  },
  { filename: 'types/global.d.ts', code: 'export namespace Db { const url: string; }\nexport as namespace NeonDb;\n' },
];

function nodeTypesOf(code: string): Set<string> {
  const seen = new Set<string>();
  // JSX first; a `<T>expr` cast only parses without it. Rule test cases that parse neither way add nothing.
  for (const jsx of [true, false]) {
    try {
      simpleTraverse(parse(code, { jsx, range: true }), { enter: (node) => void seen.add(node.type) });
      break;
    } catch {
      continue;
    }
  }
  return seen;
}

describe('every AST node type', () => {
  it('appears in the corpus and is linted by every rule, with both parsers, without a crash', () => {
    const seen = new Set<string>();
    for (const code of [...codeCorpus(), ...SUPPLEMENT.map((entry) => entry.code)]) for (const type of nodeTypesOf(code)) seen.add(type);
    const expected = Object.values(AST_NODE_TYPES).filter((type) => !NEVER_PRODUCED.has(type));
    const missing = expected.filter((type) => !seen.has(type));
    console.info(`AST node types covered: ${expected.length - missing.length}/${expected.length} (${NEVER_PRODUCED.size} declared but never produced)`);
    expect(missing, 'node types no corpus file holds').toEqual([]);

    const linter = newLinter();
    for (const parser of ['typescript-eslint', 'espree'] as const) {
      for (const { config } of configsFor(parser)) {
        for (const { filename, code } of SUPPLEMENT) {
          const outcome = lintOrThrow(linter, code, config, filename);
          // espree reads the plain JavaScript files; TypeScript must parse with typescript-eslint.
          if (parser === 'typescript-eslint' || !/\.tsx?$/.test(filename)) expect(outcome.parsed, `${filename}: ${outcome.messages[0]?.message}`).toBe(true);
        }
      }
    }
  });
});
