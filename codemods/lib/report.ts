import type * as CliProgress from 'cli-progress';
import pc from 'picocolors';

import { MASK, redact } from '../../src/connection';
import { escapeRegExp } from '../../src/regexp';

/**
 * The run model and the one place that prints: every string the CLI shows or
 * puts in `--json` goes through `redact`, so no password reaches a terminal,
 * a CI log or a report file.
 */

/** Something left for a human: a finding a transform does not answer, or a change it could not prove safe. */
export interface Finding {
  /** project-relative, forward slashes */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** `neon/<rule>` when a rule reported it */
  readonly ruleId?: string;
}

export interface FileIssue {
  readonly file: string;
  readonly reason: string;
  /** a transform that crashed: where, for a bug report (`--json` only) */
  readonly stack?: string;
}

export interface FileDiff {
  readonly file: string;
  readonly diff: string;
}

/** What one transform did over the run. */
export interface TransformReport {
  readonly name: string;
  /** files read */
  scanned: number;
  /** files that passed the pre-filter and were parsed */
  parsed: number;
  readonly changed: string[];
  readonly skipped: FileIssue[];
  readonly failed: FileIssue[];
  readonly findings: Finding[];
  /** `--dry`: the diff of each file that would change */
  readonly diffs: FileDiff[];
  /** transform-specific results for `--json` (the stack and plan of `analyze`) */
  details?: Readonly<Record<string, unknown>>;
  /** a chain of transforms (`all`): the report of each transform it ran, in order; the summary shows one row each */
  steps?: readonly TransformReport[];
}

export interface RunReport {
  readonly transform: string;
  readonly root: string;
  readonly dry: boolean;
  readonly transforms: TransformReport[];
  /** a chain's combined `--dry` diff (`all`): its steps run on a copy, so their own reports hold none */
  readonly diffs?: FileDiff[];
  /** paths the walk did not follow (symbolic links) */
  readonly skipped: FileIssue[];
  readonly warnings: string[];
}

export function newTransformReport(name: string): TransformReport {
  return { name, scanned: 0, parsed: 0, changed: [], skipped: [], failed: [], findings: [], diffs: [] };
}

/** 0 when every file went through, 1 when some failed. */
export function exitCodeOf(report: RunReport): 0 | 1 {
  return report.transforms.some((transform) => transform.failed.length > 0) ? 1 : 0;
}

/** Redacts every string in a JSON-able value. */
export function redactDeep<T>(value: T, mask: (text: string) => string = redact): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, mask)])) as T;
  }
  return value;
}

// Long enough that masking it outside quotes never eats ordinary words.
const MIN_BARE_SECRET_LENGTH = 8;

/**
 * Masks known secrets: quoted as a string literal (`'s3cret'`), or anywhere
 * when long. Passwords outside a connection string (`password: 's3cret'`,
 * Sequelize's positional password) have no shape `redact` can see.
 */
export function maskSecrets(text: string, secrets: ReadonlySet<string>): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    const escaped = escapeRegExp(secret);
    const pattern = secret.length >= MIN_BARE_SECRET_LENGTH ? escaped : `(?<=(['"\`]))${escaped}(?=\\1)`;
    result = result.replace(new RegExp(pattern, 'g'), MASK);
  }
  return result;
}

interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ReporterOptions {
  readonly json: boolean;
  /** `--print` sends file contents to stdout: the summary moves to stderr */
  readonly print?: boolean;
  readonly stdout?: Stream;
  readonly stderr?: Stream;
}

export interface Progress {
  /** `count` more files done (one by default) */
  tick(count?: number): void;
  stop(): void;
}

const PROGRESS_THRESHOLD = 200;
const LISTED_ISSUES = 20;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '))
    .join('\n');
}

/** The last summary row of a chain: counts summed, except that a file changed by several transforms counts once. */
function totalRow(transforms: readonly TransformReport[]): string[] {
  const sum = (count: (transform: TransformReport) => number) => String(transforms.reduce((total, transform) => total + count(transform), 0));
  return [
    'total',
    sum((transform) => transform.scanned),
    sum((transform) => transform.parsed),
    String(new Set(transforms.flatMap((transform) => transform.changed)).size),
    sum((transform) => transform.skipped.length),
    sum((transform) => transform.failed.length),
    sum((transform) => transform.findings.length),
  ];
}

export class Reporter {
  private readonly stdout: Stream;
  private readonly stderr: Stream;
  private readonly json: boolean;
  private readonly print: boolean;
  private readonly secrets = new Set<string>();

  constructor(options: ReporterOptions) {
    this.json = options.json;
    this.print = options.print ?? false;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** A value no later output may show (a password a transform moved out of the code). */
  addSecret(secret: string): void {
    if (secret !== '') this.secrets.add(secret);
  }

  private redact(text: string): string {
    return maskSecrets(redact(text), this.secrets);
  }

  /** Colours for human output on a terminal (NO_COLOR and FORCE_COLOR are honoured by picocolors). */
  get color(): boolean {
    return !this.json && Boolean(this.stdout.isTTY) && pc.isColorSupported;
  }

  /** Human output (findings, diffs, `--print`). With `--json` the report carries it all, and stdout holds the JSON only. */
  out(text: string): void {
    if (!this.json) this.stdout.write(`${this.redact(text)}\n`);
  }

  // picocolors turns colour on under CI=true even for a pipe: colour the labels only on a terminal.
  private label(text: string, paint: (text: string) => string): string {
    return this.stderr.isTTY && pc.isColorSupported ? paint(text) : text;
  }

  warn(text: string): void {
    this.stderr.write(`${this.label('warning', pc.yellow)}: ${this.redact(text)}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.label('error', pc.red)}: ${this.redact(text)}\n`);
  }

  /** A progress bar on stderr, only for long runs on a terminal. */
  progress(total: number): Progress {
    if (total <= PROGRESS_THRESHOLD || !this.stderr.isTTY) return { tick() {}, stop() {} };
    // Loaded on first use: short runs and runs off a terminal draw no bar.
    const cliProgress = require('cli-progress') as typeof CliProgress;
    const bar = new cliProgress.SingleBar(
      {
        stream: this.stderr as NodeJS.WritableStream,
        clearOnComplete: true,
        hideCursor: true,
        format: '{bar} {percentage}% | {value}/{total} files',
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { tick: (count = 1) => bar.increment(count), stop: () => bar.stop() };
  }

  /** The end of every run: the summary table (human) or the whole report (`--json`). */
  finish(report: RunReport): void {
    for (const warning of report.warnings) this.warn(warning);
    if (this.json) {
      this.stdout.write(`${JSON.stringify(redactDeep(report, (text) => this.redact(text)), null, 2)}\n`);
      this.stderr.write(`${this.redact(this.summary(report))}\n`);
      return;
    }
    (this.print ? this.stderr : this.stdout).write(`${this.redact(this.summary(report))}\n`);
  }

  private summary(report: RunReport): string {
    const rows = [['transform', 'scanned', 'parsed', report.dry ? 'would change' : 'changed', 'skipped', 'failed', 'findings']];
    for (const transform of report.transforms) {
      rows.push([
        transform.name,
        String(transform.scanned),
        String(transform.parsed),
        String(transform.changed.length),
        String(transform.skipped.length),
        String(transform.failed.length),
        String(transform.findings.length),
      ]);
    }
    if (report.transforms.length > 1) rows.push(totalRow(report.transforms));
    const lines = ['', table(rows), ...this.issues('not followed', report.skipped)];
    for (const transform of report.transforms) {
      lines.push(...this.issues('failed', transform.failed), ...this.issues('skipped', transform.skipped));
    }
    return lines.join('\n');
  }

  private issues(label: string, issues: readonly FileIssue[]): string[] {
    if (issues.length === 0) return [];
    const lines = ['', `${label}:`, ...issues.slice(0, LISTED_ISSUES).map((issue) => `  ${issue.file}: ${issue.reason}`)];
    if (issues.length > LISTED_ISSUES) lines.push(`  … and ${issues.length - LISTED_ISSUES} more (see --json)`);
    return lines;
  }
}
