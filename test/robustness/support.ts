/**
 * Shared by the robustness suites: a corpus of real code (our own fixtures and
 * the code of our rule tests), mutations of it for fast-check, and a linter
 * that runs every rule of the plugin and tells a parse error (fine) from a
 * rule crash (a bug).
 */
import fs from 'node:fs';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { parse as parseTs, simpleTraverse } from '@typescript-eslint/typescript-estree';
import { Linter } from 'eslint';
import fc from 'fast-check';

import plugin from '../../src';

export const REPO = path.resolve(__dirname, '../..');

/** One fixed seed for every property of the robustness suites; override with NEON_FUZZ_SEED to explore. */
export const SEED = Number(process.env.NEON_FUZZ_SEED ?? 20_250_301);

/** fast-check parameters: the fixed seed, and the seed and path printed on failure (fast-check's report carries both). */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns, verbose: 1 };
}

function listFiles(dir: string, extensions: RegExp): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full, extensions));
    else if (entry.isFile() && extensions.test(entry.name)) found.push(full);
  }
  return found.sort();
}

const SCRIPT_FILE = /\.[cm]?[jt]sx?$/;

/** The `code` strings of the rule tests: every valid/invalid case written by a colleague. */
function ruleTestCases(): string[] {
  const cases: string[] = [];
  for (const file of listFiles(path.join(REPO, 'test/rules'), /\.test\.ts$/)) {
    const ast = parseTs(fs.readFileSync(file, 'utf8'), { range: true });
    simpleTraverse(ast, {
      enter(node) {
        if (node.type !== 'Property' || node.key.type !== 'Identifier' || node.key.name !== 'code') return;
        const { value } = node;
        if (value.type === 'Literal' && typeof value.value === 'string') cases.push(value.value);
        else if (value.type === 'TemplateLiteral' && value.expressions.length === 0) cases.push(value.quasis[0]!.value.cooked ?? value.quasis[0]!.value.raw);
      },
    });
  }
  return cases;
}

let corpus: string[] | undefined;

/** Fixture sources (rules and codemods) and rule test cases, de-duplicated. */
export function codeCorpus(): readonly string[] {
  corpus ??= [
    ...new Set([
      ...listFiles(path.join(REPO, 'fixtures/rules'), SCRIPT_FILE).map((file) => fs.readFileSync(file, 'utf8')),
      ...listFiles(path.join(REPO, 'fixtures/codemods'), SCRIPT_FILE).map((file) => fs.readFileSync(file, 'utf8')),
      ...ruleTestCases(),
    ]),
  ].filter((text) => text.trim() !== '');
  return corpus;
}

/** Tokens that break or bend syntax in the places parsers and rules are least used to. */
const TOKENS = [
  '{', '}', '(', ')', '[', ']', ';', ',', '.', '?.', '??=', '=>', '`', '${', "'", '"', '/*', '*/', '//', '\n', '\r\n', '\r',
  '\u2028', '\uFEFF', '\0', '#!', '@', '@Get()', '<div>', '</div>', '<T>', 'as any', 'satisfies X', '!', '...', 'async ', 'await ',
  'yield ', 'new ', 'new Pool(', 'new Client()', 'postgres(', 'neon(', 'export default ', 'export const runtime = "edge";',
  'import ', "require('pg')", "await import('pg')", 'using ', 'finally {', 'try {', 'class A {', 'function f() {', 'for (;;) ',
  "'postgres://alice:S3cretPw@ep-x-1.us-east-2.aws.neon.tech/db'", "'CREATE TABLE t (id int)'", 'sql`DROP TABLE x`',
  'synchronize: true', 'rejectUnauthorized: false', 'process.env.DATABASE_URL', 'globalThis.pool ??= ', 'x', '0', 'é', '𝒳',
];

const REQUEST_WRAPPERS: readonly ((body: string) => string)[] = [
  (body) => `app.get('/x', async (req, res) => {\n${body}\n});`,
  (body) => `export async function GET(request) {\n${body}\n}`,
  (body) => `for (const item of items) {\n${body}\n}`,
  (body) => `export default { async fetch(request, env, ctx) {\n${body}\n} };`,
  (body) => `class UsersController {\n  @Get()\n  async list() {\n${body}\n  }\n}`,
];

/** Moves import/export-from lines to the top so that a wrapped body can still parse. */
function wrapBody(code: string, wrapper: (body: string) => string): string {
  const lines = code.split('\n');
  const hoisted = lines.filter((line) => /^\s*(import\b|export .* from )/.test(line));
  const body = lines.filter((line) => !hoisted.includes(line)).map((line) => line.replace(/^export (default )?/, ''));
  return `${hoisted.join('\n')}\n${wrapper(body.join('\n'))}\n`;
}

type Mutation = (code: string) => fc.Arbitrary<string>;

const position = (code: string) => fc.nat({ max: code.length });

const MUTATIONS: readonly Mutation[] = [
  // truncate
  (code) => position(code).map((at) => code.slice(0, at)),
  // insert a token
  (code) => fc.tuple(position(code), fc.constantFrom(...TOKENS)).map(([at, token]) => code.slice(0, at) + token + code.slice(at)),
  // insert random characters (any Unicode)
  (code) => fc.tuple(position(code), fc.string({ unit: 'binary', maxLength: 6 })).map(([at, text]) => code.slice(0, at) + text + code.slice(at)),
  // delete a range
  (code) => fc.tuple(position(code), fc.nat({ max: 40 })).map(([at, length]) => code.slice(0, at) + code.slice(at + length)),
  // duplicate a range
  (code) => fc.tuple(position(code), position(code)).map(([a, b]) => {
    const [from, to] = a < b ? [a, b] : [b, a];
    return code.slice(0, to) + code.slice(from, to) + code.slice(to);
  }),
  // duplicate or drop a line
  (code) => fc.tuple(fc.nat(), fc.boolean()).map(([index, drop]) => {
    const lines = code.split('\n');
    const at = index % lines.length;
    lines.splice(at, drop ? 1 : 0, ...(drop ? [] : [lines[at]!]));
    return lines.join('\n');
  }),
  // run the module's code inside a request handler, a loop, a Worker or a Nest controller
  (code) => fc.constantFrom(...REQUEST_WRAPPERS).map((wrapper) => wrapBody(code, wrapper)),
  // CRLF line endings, or a BOM
  (code) => fc.constantFrom(code.replace(/\n/g, '\r\n'), `\uFEFF${code}`),
];

const corpusEntry = fc.nat().map((index) => codeCorpus()[index % codeCorpus().length]!);

/** Two programs spliced: a prefix of one, a suffix of the other; or their lines interleaved. */
const spliced = fc.tuple(corpusEntry, corpusEntry, fc.nat(), fc.nat(), fc.boolean()).map(([a, b, i, k, byLines]) => {
  if (!byLines) return a.slice(0, i % (a.length + 1)) + b.slice(k % (b.length + 1));
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  const cut = i % (linesA.length + 1);
  return [...linesA.slice(0, cut), ...linesB, ...linesA.slice(cut)].join('\n');
});

/** A program from the corpus, spliced with another or not, then mutated 0 to 3 times. */
export const mutatedProgram: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(corpusEntry, spliced), fc.array(fc.nat({ max: MUTATIONS.length - 1 }), { maxLength: 3 }))
  .chain(([base, picks]) =>
    picks.reduce<fc.Arbitrary<string>>((program, pick) => program.chain((code) => MUTATIONS[pick]!(code)), fc.constant(base)),
  );

/** File names that switch the rules' path-based roles: app code, handler routes, db module, migrations, tests, tool configs. */
export const LINTED_FILENAMES = [
  'src/server.ts',
  'src/server.js',
  'app/api/users/route.tsx',
  'pages/api/users.js',
  'src/db.ts',
  'migrations/001_init.js',
  'src/users.test.ts',
  'drizzle.config.ts',
  'knexfile.cjs',
  'worker/index.mjs',
] as const;

export type ParserName = 'typescript-eslint' | 'espree';

const PARSERS: Record<ParserName, Linter.LanguageOptions> = {
  'typescript-eslint': { parser: tsParser as never, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
  espree: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
};

export const RULE_NAMES = Object.keys(plugin.rules);

/**
 * The configurations every file is linted with: each preset as a user spreads
 * it (strict passes its stricter options), then every script rule at once with
 * its defaults, under each runtime the settings can force.
 */
export function configsFor(parser: ParserName): { name: string; config: Linter.Config[] }[] {
  const languageOptions = PARSERS[parser];
  // .cjs as CommonJS, as ESLint's own defaults read it (sloppy-mode code such as `with` parses there).
  const base: Linter.Config[] = [
    { files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'], languageOptions },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  ];
  const everyRule = Object.fromEntries(
    Object.entries(plugin.rules)
      .filter(([, rule]) => (rule.meta.docs as { language?: string } | undefined)?.language !== 'json')
      .map(([name]) => [`neon/${name}`, 'error' as const]),
  );
  return [
    ...(['recommended', 'strict', 'neon'] as const).map((preset) => ({
      name: preset,
      config: [...base, ...(plugin.configs[preset] as unknown as Linter.Config[])],
    })),
    ...(['node', 'edge', 'worker'] as const).map((runtime) => ({
      name: `every rule, runtime ${runtime}`,
      config: [...base, { plugins: { neon: plugin as never }, rules: everyRule, settings: { neon: { runtime } } }],
    })),
  ];
}

export interface LintOutcome {
  /** the source parsed, so the rules ran */
  readonly parsed: boolean;
  readonly messages: Linter.LintMessage[];
}

/**
 * Lints `code` with a configuration and throws on a rule crash: ESLint
 * rethrows an exception from a rule (naming the rule), and any fatal message
 * other than a parse error would be one too.
 */
export function lintOrThrow(linter: Linter, code: string, config: Linter.Config[], filename: string): LintOutcome {
  const messages = linter.verify(code, config, { filename });
  const fatal = messages.filter((message) => message.fatal);
  const notParse = fatal.filter((message) => message.ruleId !== null || !message.message.startsWith('Parsing error'));
  if (notParse.length > 0) throw new Error(`fatal message that is not a parse error in ${filename}: ${JSON.stringify(notParse)}`);
  return { parsed: fatal.length === 0, messages };
}

export function newLinter(): Linter {
  return new Linter({ configType: 'flat', cwd: '/project' });
}
