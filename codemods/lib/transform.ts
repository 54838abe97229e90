import path from 'node:path';
import type { API, FileInfo, JSCodeshift, Options, Parser } from 'jscodeshift';

import type { ProjectStack } from '../../src/project/detect';
import { unifiedDiff } from './diff';
import { isSourceFile, type SkippedPath } from './files';
import { compilePrefilter, type Triggers } from './prefilter';
import { newTransformReport, type Finding, type Reporter, type TransformReport } from './report';
import { readSnapshot, writeAtomic } from './write';

/**
 * The contract the transforms plug into, and the runner for single-file ones.
 *
 * A single-file transform is a plain jscodeshift module (default export +
 * `parser`) that also exports `meta`; jscodeshift's own CLI can run it as is.
 * A project transform (`analyze`, `init`, `all`) exports `meta` and `run`.
 */

/** jscodeshift parsers: `ts` for .ts/.mts/.cts (it accepts `<T>expr` casts), `tsx` for the rest. */
export type ParserName = 'ts' | 'tsx';

export interface TransformMeta {
  /** the CLI name, kebab-case, read as the change (`env-connection-string`) */
  readonly name: string;
  /** one line for `--help` */
  readonly description: string;
  /** the pre-filter: files that mention none of these are never parsed */
  readonly triggers: Triggers;
  /** the rule ids (`neon/<rule>`) whose findings the transform answers */
  readonly answers: readonly string[];
}

/** What every transform receives as jscodeshift's third argument. */
export interface CodemodOptions extends Options {
  /** the project root (nearest package.json above the given paths) */
  readonly root: string;
  readonly stack: ProjectStack;
  readonly dry: boolean;
  readonly print: boolean;
  /** `--env-var`, default `DATABASE_URL` */
  readonly envVar: string;
  readonly writeEnv: boolean;
  readonly dbModule?: string;
  readonly driver?: string;
  /** Leaves a finding for a human at a line of the current file (what the transform could not prove safe). */
  readonly reportFinding?: (finding: { line: number; column: number; message: string; ruleId?: string }) => void;
  /** Masks a value (a password the transform moves) in everything the run prints, diffs included. */
  readonly addSecret?: (secret: string) => void;
}

export type FileTransform = (
  file: FileInfo,
  api: API,
  options: CodemodOptions,
) => string | null | undefined | void | Promise<string | null | undefined | void>;

export interface FileTransformModule {
  readonly default: FileTransform;
  /** for jscodeshift's own CLI; the neon-codemod runner picks the parser by file extension */
  readonly parser?: ParserName;
  readonly meta: TransformMeta;
  /**
   * The project-level step after every file went through: write what the
   * files collected (`env-connection-string` adds `.env.example` entries).
   * `report.changed` says which files changed (or would, with `--dry`).
   */
  readonly finish?: (context: RunContext, report: TransformReport) => void | Promise<void>;
}

export interface RunContext {
  readonly root: string;
  /** the paths given on the command line (default: the current directory); a chain (`all`) walks them again before each transform */
  readonly paths?: readonly string[];
  /** the transforms this version knows (the registry), for a chain (`all`) to look its steps up */
  readonly codemods?: readonly Codemod[];
  /** absolute paths, sorted: sources and package.json files */
  readonly files: readonly string[];
  /** paths the walk did not follow */
  readonly walkSkipped: readonly SkippedPath[];
  readonly options: CodemodOptions;
  readonly reporter: Reporter;
}

export interface ProjectTransformModule {
  readonly meta: TransformMeta;
  /** true when it never writes: the dirty-tree check does not apply */
  readonly readOnly: boolean;
  run(context: RunContext): TransformReport | Promise<TransformReport>;
}

export type Codemod =
  | { readonly kind: 'file'; readonly meta: TransformMeta; readonly readOnly: false; readonly module: FileTransformModule }
  | { readonly kind: 'project'; readonly meta: TransformMeta; readonly readOnly: boolean; readonly module: ProjectTransformModule };

export function fileCodemod(module: FileTransformModule): Codemod {
  return { kind: 'file', meta: module.meta, readOnly: false, module };
}

export function projectCodemod(module: ProjectTransformModule): Codemod {
  return { kind: 'project', meta: module.meta, readOnly: module.readOnly, module };
}

export function parserFor(file: string): ParserName {
  return /\.[cm]?ts$/.test(file) ? 'ts' : 'tsx';
}

const bound = new Map<ParserName, JSCodeshift>();

interface BabelOptions {
  readonly plugins: readonly (string | readonly [string, unknown])[];
  readonly [option: string]: unknown;
}
interface BabelError extends Error {
  readonly reasonCode?: string;
}
type BabelParse = (source: string, options: BabelOptions) => ReturnType<Parser['parse']> & { readonly errors?: readonly BabelError[] };

/**
 * jscodeshift's `ts`/`tsx` parser, and a second try for what TypeScript
 * accepts and Babel's `decorators-legacy` does not: a decorated computed
 * member (`@IsString() [Config.KEY]: string`, common in NestJS DTOs), which
 * legacy decorators read as `IsString()[Config.KEY]`. The second try parses
 * with the current `decorators` proposal, where that shape is fine, and
 * accepts the one error it recovers from: a decorated parameter, which
 * TypeScript allows (`constructor(@Inject(X) x)`). Any other error is the
 * first parser's.
 */
function typescriptParser(name: ParserName): Parser {
  // jscodeshift's own Babel and options, so both tries read the same syntax.
  const jscodeshiftDir = path.dirname(require.resolve('jscodeshift/package.json'));
  const babel = require(require.resolve('@babel/parser', { paths: [jscodeshiftDir] })) as { parse: BabelParse };
  const base = require(path.join(jscodeshiftDir, 'parser', 'tsOptions')) as BabelOptions;
  const legacy: BabelOptions = { ...base, plugins: name === 'tsx' ? ['jsx', ...base.plugins] : base.plugins };
  const current: BabelOptions = {
    ...legacy,
    plugins: legacy.plugins.map((plugin) => (plugin === 'decorators-legacy' ? 'decorators' : plugin)),
    errorRecovery: true,
  };
  return {
    parse(source) {
      try {
        return babel.parse(source, legacy);
      } catch (error) {
        if (!source.includes('@')) throw error;
        let ast;
        try {
          ast = babel.parse(source, current);
        } catch {
          throw error;
        }
        if ((ast.errors ?? []).some((recovered) => recovered.reasonCode !== 'UnsupportedParameterDecorator')) throw error;
        return ast;
      }
    },
  };
}

export function jscodeshiftFor(parser: ParserName): JSCodeshift {
  let j = bound.get(parser);
  if (!j) {
    // Loaded on first use, like ESLint in lint.ts: `--help` does not pay for babel and recast.
    const jscodeshift = require('jscodeshift') as JSCodeshift;
    j = jscodeshift.withParser(typescriptParser(parser));
    bound.set(parser, j);
  }
  return j;
}

/** Project-relative, forward slashes: how files appear in reports. */
export function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/') || path.basename(file);
}

function describeError(error: unknown): string {
  const { message, loc } = error as { message?: string; loc?: { line: number; column: number } };
  const text = (message ?? String(error)).split('\n')[0]!;
  return loc && !text.includes(`(${loc.line}:`) ? `${text} (${loc.line}:${loc.column + 1})` : text;
}

/** The stack of an unexpected error, for `--json` (the summary prints the message only). */
export function stackOf(error: unknown): string {
  return (error as Error | undefined)?.stack ?? String(error);
}

const BOM = '\uFEFF';

/** How a file writes its line breaks: the output keeps the file's dominant ending (CRLF only when most breaks are CRLF). */
interface TextShape {
  readonly bom: boolean;
  readonly crlf: boolean;
}

/**
 * The source as transforms see it: no BOM and LF line breaks. recast parses
 * that normalised text, so node offsets would not match ESLint's ranges in
 * a CRLF or BOM file, and it prints every line with LF.
 */
function normalizeSource(text: string): { source: string; shape: TextShape } {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const crlfCount = body.split('\r\n').length - 1;
  const lfCount = body.split('\n').length - 1;
  return { source: body.replace(/\r\n/g, '\n'), shape: { bom, crlf: crlfCount > lfCount - crlfCount } };
}

function restoreShape(output: string, shape: TextShape): string {
  const body = output.startsWith(BOM) ? output.slice(1) : output;
  const lines = shape.crlf ? body.replace(/\r?\n/g, '\r\n') : body;
  return shape.bom ? BOM + lines : lines;
}

/**
 * Runs a single-file transform over the files that pass its pre-filter, in
 * this process: read, transform, check that the output parses, then diff
 * (`--dry`), print (`--print`) or write atomically.
 */
export async function runFileTransform(module: FileTransformModule, context: RunContext): Promise<TransformReport> {
  const { root, options, reporter } = context;
  const report = newTransformReport(module.meta.name);
  const mentionsTrigger = compilePrefilter([module.meta.triggers]);
  const sources = context.files.filter(isSourceFile);
  const progress = reporter.progress(sources.length);

  for (const file of sources) {
    progress.tick();
    const relative = relativePath(root, file);
    report.scanned++;
    let snapshot;
    try {
      snapshot = readSnapshot(file);
    } catch (error) {
      report.failed.push({ file: relative, reason: `cannot read: ${describeError(error)}` });
      continue;
    }
    if (!mentionsTrigger(snapshot.text)) continue;
    report.parsed++;

    const j = jscodeshiftFor(parserFor(file));
    const fileFindings: Finding[] = [];
    const fileOptions: CodemodOptions = {
      ...options,
      reportFinding: (finding) => fileFindings.push({ file: relative, ...finding }),
      addSecret: (secret) => reporter.addSecret(secret),
    };
    const api: API = {
      j,
      jscodeshift: j,
      stats: () => {},
      report: (message) => fileFindings.push({ file: relative, line: 1, column: 1, message }),
    };
    const { source, shape } = normalizeSource(snapshot.text);
    let transformed;
    try {
      transformed = await module.default({ path: file, source }, api, fileOptions);
    } catch (error) {
      // A file the transform cannot parse is the input's problem; anything else is a bug of the transform, kept with its stack.
      if (error instanceof SyntaxError) report.failed.push({ file: relative, reason: `does not parse, not transformed: ${describeError(error)}` });
      else report.failed.push({ file: relative, reason: `the transform crashed on this file, left untouched: ${describeError(error)}`, stack: stackOf(error) });
      continue;
    }
    report.findings.push(...fileFindings);
    if (typeof transformed !== 'string' || transformed === source) {
      // Transforms that find their targets through the rules see no finding in a file that does not parse: say it was not examined.
      try {
        j(source);
      } catch (error) {
        report.failed.push({ file: relative, reason: `does not parse, not transformed: ${describeError(error)}` });
      }
      continue;
    }
    const output = restoreShape(transformed, shape);
    if (output === snapshot.text) continue;

    try {
      j(output);
    } catch (error) {
      report.failed.push({ file: relative, reason: `the rewrite would not parse, file left untouched: ${describeError(error)}` });
      continue;
    }
    if (options.print) reporter.out(output);
    if (options.dry) {
      const diff = unifiedDiff(relative, snapshot.text, output, reporter.color);
      report.diffs.push({ file: relative, diff: unifiedDiff(relative, snapshot.text, output, false) });
      if (!options.print) reporter.out(diff);
      report.changed.push(relative);
      continue;
    }
    const outcome = writeAtomic(snapshot, output);
    if (outcome.status === 'written') report.changed.push(relative);
    else if (outcome.status === 'skipped') report.skipped.push({ file: relative, reason: outcome.reason });
    else report.failed.push({ file: relative, reason: outcome.reason });
  }
  progress.stop();
  await module.finish?.(context, report);
  return report;
}
