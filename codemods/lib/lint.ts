import path from 'node:path';
import type { Linter as ESLintLinter } from 'eslint';

import { rules } from '../../rules';
import { flatPreset, type FlatConfig } from '../../src/configs';
import type { NeonDocs } from '../../src/create-rule';
import { getClientConstructions } from '../../src/estree/module-tracking';

/**
 * The plugin's rules, run in-process: the codemods find their targets where
 * the rules report, so "after the transform, the rule reports nothing" holds
 * by construction. The Linter and its config are built once per run.
 *
 * ESLint and the TypeScript parser load on first use: `--help` and usage
 * errors should not pay for them.
 */

export interface LintSuggestion {
  readonly desc: string;
  readonly messageId?: string;
  readonly fix: { readonly range: readonly [number, number]; readonly text: string };
}

export interface LintMessage {
  /** `neon/<rule>` */
  readonly ruleId: string;
  readonly messageId?: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** the `data` the rule reported with (its message placeholders) */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly suggestions?: readonly LintSuggestion[];
}

export interface LintResult {
  readonly messages: readonly LintMessage[];
  /** the parse error, when the file does not parse */
  readonly fatal?: { readonly line: number; readonly column: number; readonly message: string };
}

export interface NeonLinterOptions {
  /** the project root: path globs (tests, migrations, db module) are matched relative to it */
  readonly cwd: string;
  /** `settings.neon`, as a user would set it in eslint.config.js */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** limit the run to these rules (`neon/<rule>` or `<rule>`); default: every rule */
  readonly ruleIds?: readonly string[];
  /**
   * Lint as a user's config does: hand ESLint the plain config array on every
   * call, as `Linter.verify` is usually called, instead of the config
   * normalized once, and let the parser declare its default TypeScript lib.
   * Slower, and only there for the test that holds both to the same messages.
   */
  readonly plainConfig?: boolean;
}

export interface NeonLinter {
  /** Lints `text` as the file `filename` (absolute, or relative to `cwd`). */
  lint(text: string, filename: string): LintResult;
}

type AnyRule = {
  meta: { docs?: NeonDocs };
  create(context: { report(descriptor: unknown): void }): unknown;
};

interface ReportDescriptor {
  readonly messageId?: string;
  readonly data?: Record<string, unknown>;
  readonly node?: { readonly loc?: { readonly start: Position } };
  readonly loc?: { readonly start: Position } | Position;
}
interface Position {
  readonly line: number;
  readonly column: number;
}

interface CapturedReport {
  readonly ruleId: string;
  readonly descriptor: ReportDescriptor;
  /** what a node's `loc.start.column` adds to a 0-based column: 1 for @eslint/json (Momoa) nodes, which count from 1 */
  readonly columnBase: 0 | 1;
}

const SCRIPT_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

function reportKey(ruleId: string, messageId: string | undefined, line: number, column: number): string {
  return `${ruleId}\0${messageId ?? ''}\0${line}\0${column}`;
}

function descriptorStart(descriptor: ReportDescriptor): Position | undefined {
  const loc = descriptor.loc;
  if (loc && 'start' in loc) return loc.start;
  if (loc) return loc;
  return descriptor.node?.loc?.start;
}

/** Wraps a rule so that the `data` of each report can be read back: ESLint's messages drop it. */
function capturing(ruleId: string, rule: AnyRule, sink: CapturedReport[]): AnyRule {
  return {
    ...rule,
    create(context) {
      const spy = Object.create(context, {
        report: {
          value(descriptor: ReportDescriptor) {
            sink.push({ ruleId, descriptor, columnBase: rule.meta.docs?.language === 'json' ? 1 : 0 });
            context.report(descriptor);
          },
        },
      }) as typeof context;
      return rule.create(spy);
    },
  };
}

function normaliseRuleId(id: string): string {
  return id.startsWith('neon/') ? id.slice('neon/'.length) : id;
}

/** How the codemods parse scripts for ESLint: typescript-eslint's parser for every extension, CommonJS for .cjs/.cts. */
function parserConfig({ defaultLib = false }: { readonly defaultLib?: boolean } = {}): Record<string, unknown>[] {
  return [
    {
      files: SCRIPT_FILES,
      languageOptions: {
        parser: require('@typescript-eslint/parser') as unknown,
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: {
          // JSX in .js files is common (Next.js); typescript-estree ignores this for .ts and .tsx.
          ecmaFeatures: { jsx: true },
          // The scope manager declares the default TypeScript lib's hundreds of types and values in every file, a quarter of
          // the parse; no rule reads them, and ESLint declares the language's built-in globals from ecmaVersion anyway.
          ...(defaultLib ? {} : { lib: [] }),
        },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
    { files: ['**/*.cjs', '**/*.cts'], languageOptions: { sourceType: 'commonjs' } },
  ];
}

/** The plugin rules `ruleIds` asks for (every rule by default), by name. */
function selectedRules(ruleIds: readonly string[] | undefined): [string, AnyRule][] {
  const wanted = ruleIds ? new Set(ruleIds.map(normaliseRuleId)) : undefined;
  const allRules = rules as unknown as Record<string, AnyRule>;
  return Object.entries(allRules).filter(([name, rule]) => rule.meta.docs && (!wanted || wanted.has(name)));
}

/** Whether a linter of these options lints package.json files (some rule it runs is a JSON rule), known before ESLint loads. */
export function lintsPackageJson(ruleIds?: readonly string[]): boolean {
  return selectedRules(ruleIds).some(([, rule]) => rule.meta.docs?.language === 'json');
}

/**
 * ESLint's Linter class. `eslint/universal` (ESLint 10, and 9 since late 2024) loads the Linter
 * alone (105 modules, 107 ms here); the package's main entry also loads the
 * ESLint class, RuleTester and their dependencies (143 modules, 150 ms).
 * Older versions (ESLint 8, early 9) have only the main entry.
 */
function loadLinter(): typeof ESLintLinter {
  try {
    return (require('eslint/universal') as { Linter: typeof ESLintLinter }).Linter;
  } catch {
    return (require('eslint') as typeof import('eslint')).Linter;
  }
}

/** Builds a linter with every plugin rule at its default options, relaxed in tests and migrations as the presets relax it. */
export function createNeonLinter(options: NeonLinterOptions): NeonLinter {
  const Linter = loadLinter();
  const selected = selectedRules(options.ruleIds);

  const sink: CapturedReport[] = [];
  const pluginRules = Object.fromEntries(selected.map(([name, rule]) => [name, capturing(`neon/${name}`, rule, sink)]));
  // Every selected rule counts as "recommended" so that one preset turns them all on, with the presets' file-scoped relaxations.
  const asOnePreset = Object.fromEntries(
    selected.map(([name, rule]) => [name, { meta: { docs: { ...rule.meta.docs!, recommended: 'recommended' as const, strictOptions: undefined } } }]),
  );
  const json: unknown = lintsPackageJson(options.ruleIds) ? (require('@eslint/json') as { default: unknown }).default : undefined;

  const config: (FlatConfig | Record<string, unknown>)[] = [
    ...parserConfig({ defaultLib: options.plainConfig }),
    ...flatPreset('recommended', { rules: pluginRules }, asOnePreset, json),
    { settings: { neon: options.settings ?? {} } },
  ];

  const linter = new Linter({ configType: 'flat', cwd: options.cwd });
  const configArray = options.plainConfig ? config : normalizedOnce(config, options.cwd);
  return {
    lint(text, filename) {
      sink.length = 0;
      const raw = linter.verify(text, configArray as ESLintLinter.Config[], { filename });
      const fatal = raw.find((message) => message.fatal);
      if (fatal) return { messages: [], fatal: { line: fatal.line, column: fatal.column, message: fatal.message } };

      const dataByReport = new Map<string, Record<string, unknown>[]>();
      for (const { ruleId, descriptor, columnBase } of sink) {
        const start = descriptorStart(descriptor);
        if (!start || !descriptor.data) continue;
        const key = reportKey(ruleId, descriptor.messageId, start.line, start.column + 1 - columnBase);
        dataByReport.set(key, [...(dataByReport.get(key) ?? []), descriptor.data]);
      }
      const messages: LintMessage[] = [];
      for (const message of raw) {
        // Inline config comments for rules of other plugins are no concern of ours.
        if (!message.ruleId?.startsWith('neon/')) continue;
        const data = dataByReport.get(reportKey(message.ruleId, message.messageId, message.line, message.column))?.shift();
        messages.push({
          ruleId: message.ruleId,
          ...(message.messageId ? { messageId: message.messageId } : {}),
          message: message.message,
          line: message.line,
          column: message.column,
          ...(message.endLine !== undefined ? { endLine: message.endLine, endColumn: message.endColumn } : {}),
          ...(data ? { data } : {}),
          ...(message.suggestions?.length
            ? {
                suggestions: message.suggestions.map((suggestion) => ({
                  desc: suggestion.desc,
                  ...(suggestion.messageId ? { messageId: suggestion.messageId } : {}),
                  fix: { range: suggestion.fix.range, text: suggestion.fix.text },
                })),
              }
            : {}),
        });
      }
      return { messages };
    },
  };
}

/**
 * `Linter.verify` given a plain array of config objects builds and validates a
 * new FlatConfigArray on every call (rule schemas included): most of the cost
 * of linting a small file. Given ESLint's own FlatConfigArray, normalized once,
 * it reuses it and its per-file config cache, as the ESLint class does. The
 * class is not exported, so it is loaded from ESLint's folder; if that ever
 * fails, the plain array still works, only slower.
 */
export function normalizedOnce(config: readonly unknown[], cwd: string): readonly unknown[] {
  try {
    const eslintDir = path.dirname(require.resolve('eslint/package.json'));
    const { FlatConfigArray } = require(path.join(eslintDir, 'lib/config/flat-config-array.js')) as {
      FlatConfigArray: new (configs: readonly unknown[], options: { basePath: string }) => unknown[] & { normalizeSync(): void; getConfig(file: string): unknown };
    };
    const array = new FlatConfigArray(config, { basePath: cwd });
    array.normalizeSync();
    if (typeof array.getConfig === 'function') return array;
  } catch {
    // an ESLint whose internals moved: fall through
  }
  return config;
}

const shared = new Map<string, NeonLinter>();

/**
 * The run-wide linter for `cwd` with default settings, for transforms that
 * find their targets through the rules (also when run by plain jscodeshift).
 */
export function lintFile(text: string, filename: string, cwd: string = process.cwd()): LintResult {
  let linter = shared.get(cwd);
  if (!linter) {
    linter = createNeonLinter({ cwd });
    shared.set(cwd, linter);
  }
  return linter.lint(text, filename);
}

/** A client construction (`new Pool()`, `drizzle()`, `new DataSource()`…) as the rules find it. */
export interface ClientConstructionSite {
  readonly line: number;
  readonly column: number;
  /** the catalog's name for it, e.g. `new Pool()` */
  readonly display: string;
  readonly driverId: string;
}

/**
 * The client constructions of a file, found as every rule finds them (the
 * catalog, import and require tracking), whatever the file's role; none when
 * the file does not parse.
 */
export function findClientConstructions(text: string, filename: string, cwd: string = process.cwd()): ClientConstructionSite[] {
  const Linter = loadLinter();
  const found: ClientConstructionSite[] = [];
  const probe = {
    meta: { type: 'problem' as const, schema: [] },
    create(context: { sourceCode: Parameters<typeof getClientConstructions>[0] }) {
      return {
        Program() {
          for (const { node, spec, driver } of getClientConstructions(context.sourceCode)) {
            found.push({ line: node.loc.start.line, column: node.loc.start.column + 1, display: spec.display, driverId: driver.id });
          }
        },
      };
    },
  };
  const config = [...parserConfig(), { files: SCRIPT_FILES, plugins: { probe: { rules: { constructions: probe } } }, rules: { 'probe/constructions': 'error' } }];
  new Linter({ configType: 'flat', cwd }).verify(text, config as ESLintLinter.Config[], { filename });
  return found;
}
