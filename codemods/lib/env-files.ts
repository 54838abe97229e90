import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';

import { DEFAULT_ENV_VAR, DEFAULT_POOLED_ENV_VARS } from '../../src/project/settings';
import { readTextIfReadable } from './files';
import { createAtomic, readSnapshot, writeAtomic, type WriteOutcome } from './write';

/**
 * `.env`, `.env.example` and `.gitignore`, the project files a codemod may
 * touch to move configuration out of the code. Lines are only appended:
 * a key that is already there is never touched, whatever its value.
 */

export interface EnvEntry {
  readonly name: string;
  readonly value: string;
}

const KEY_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

function unquote(raw: string): string {
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.length >= 2) return raw.slice(1, -1);
  // An unquoted value ends at an inline comment.
  return raw.replace(/\s+#.*$/, '');
}

/** The keys and values of a dotenv file (empty when it does not exist). */
export function readEnvFile(file: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of (readTextIfReadable(file) ?? '').split(/\r?\n/)) {
    const match = KEY_LINE.exec(line);
    if (match && !entries.has(match[1]!)) entries.set(match[1]!, unquote(match[2]!));
  }
  return entries;
}

/** A dotenv value: quoted when it holds whitespace, `#` or quotes (libpq key=value strings do). */
export function formatEnvValue(value: string): string {
  if (!/[\s#'"\\]/.test(value)) return value;
  return value.includes("'") ? `"${value.replace(/["\\]/g, '\\$&')}"` : `'${value}'`;
}

export interface AppendResult {
  /** the names written, in order */
  readonly added: readonly string[];
  readonly outcome: WriteOutcome;
}

export interface AppendOptions {
  /** permissions of a file this creates (`.env` holds passwords) */
  readonly mode?: number;
  /**
   * A commented-out `# KEY=…` line counts as the key being there. In
   * `.env.example` it documents an optional variable: an active placeholder
   * would turn it on for everyone who copies the file.
   */
  readonly commentedCounts?: boolean;
}

const COMMENTED_KEY_LINE = /^\s*#+\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

function commentedKeys(file: string): Set<string> {
  return new Set((readTextIfReadable(file) ?? '').split(/\r?\n/).flatMap((line) => COMMENTED_KEY_LINE.exec(line)?.[1] ?? []));
}

/** Appends the entries whose key the file does not have yet; creates the file (and, with `mode`, sets its permissions). */
export function appendEnvEntries(file: string, entries: readonly EnvEntry[], options: AppendOptions = {}): AppendResult {
  const { mode } = options;
  const existing = readEnvFile(file);
  const documented = options.commentedCounts ? commentedKeys(file) : new Set<string>();
  const missing = entries.filter((entry) => !existing.has(entry.name) && !documented.has(entry.name));
  if (missing.length === 0) return { added: [], outcome: { status: 'written' } };
  const lines = missing.map((entry) => `${entry.name}=${formatEnvValue(entry.value)}\n`).join('');
  let outcome: WriteOutcome;
  if (fs.existsSync(file)) {
    const snapshot = readSnapshot(file);
    const separator = snapshot.text === '' || snapshot.text.endsWith('\n') ? '' : '\n';
    outcome = writeAtomic(snapshot, `${snapshot.text}${separator}${lines}`);
  } else {
    outcome = createAtomic(file, lines);
    if (outcome.status === 'written' && mode !== undefined) fs.chmodSync(file, mode);
  }
  return { added: outcome.status === 'written' ? missing.map((entry) => entry.name) : [], outcome };
}

export type IgnoreState = 'ignored' | 'not-ignored' | 'tracked';

function git(root: string, args: readonly string[]): number | undefined {
  const result = spawnSync('git', [...args], { cwd: root, encoding: 'utf8' });
  return result.error ? undefined : (result.status ?? undefined);
}

/** Whether git ignores `relative` (a path under `root`); outside a repository, `root`'s .gitignore decides. */
export function gitIgnoreState(root: string, relative: string): IgnoreState {
  const ignored = git(root, ['check-ignore', '--quiet', '--', relative]);
  if (ignored === 0) return 'ignored';
  if (ignored === 1) return git(root, ['ls-files', '--error-unmatch', '--', relative]) === 0 ? 'tracked' : 'not-ignored';
  // No .gitignore: nothing is ignored.
  const text = readTextIfReadable(path.join(root, '.gitignore')) ?? '';
  return ignore().add(text).ignores(relative) ? 'ignored' : 'not-ignored';
}

export type EnsureIgnoredResult = 'already' | 'added' | 'tracked' | 'failed';

/**
 * Makes git ignore `relative` by appending it to `root`'s .gitignore when
 * needed. A tracked file cannot be ignored: the caller must not put secrets in it.
 */
export function ensureGitIgnored(root: string, relative: string): EnsureIgnoredResult {
  const state = gitIgnoreState(root, relative);
  if (state !== 'not-ignored') return state === 'ignored' ? 'already' : 'tracked';
  const file = path.join(root, '.gitignore');
  const line = `/${relative}\n`;
  let outcome: WriteOutcome;
  if (fs.existsSync(file)) {
    const snapshot = readSnapshot(file);
    const separator = snapshot.text === '' || snapshot.text.endsWith('\n') ? '' : '\n';
    outcome = writeAtomic(snapshot, `${snapshot.text}${separator}${line}`);
  } else {
    outcome = createAtomic(file, line);
  }
  // A later negation (`!.env`) would still win: check again rather than trust the append.
  return outcome.status === 'written' && gitIgnoreState(root, relative) === 'ignored' ? 'added' : 'failed';
}

// The name anywhere in the code: `process.env.X`, `import.meta.env.X`, a Workers `env.X`, `env('X')` (prisma/config), t3-env schemas.
const NAMES_APP_URL_VAR = new RegExp(`\\b(${DEFAULT_POOLED_ENV_VARS.join('|')})\\b`, 'g');

/**
 * The variable the project already reads its connection string from, for a
 * run given no `--env-var`: `DATABASE_URL` when any source file names it,
 * else the one other pooled variable the code names (`POSTGRES_URL` of
 * Vercel's Neon integration, `POSTGRES_PRISMA_URL`), else `DATABASE_URL`.
 * Two of them and no `DATABASE_URL` is ambiguous: `DATABASE_URL`, and the
 * caller says so.
 */
export function projectEnvVar(files: readonly string[]): { name: string; found: readonly string[] } {
  const found = new Set<string>();
  for (const file of files) {
    const text = readTextIfReadable(file);
    if (!text?.includes('_URL')) continue;
    for (const match of text.matchAll(NAMES_APP_URL_VAR)) found.add(match[1]!);
    if (found.has(DEFAULT_ENV_VAR)) break;
  }
  const names = [...found];
  return { name: names.length === 1 ? names[0]! : DEFAULT_ENV_VAR, found: names };
}
