import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The safety net before a rewrite: uncommitted work must not be mixed with
 * the codemod's changes, so a dirty tree is refused unless `--force`.
 */

export type TreeState =
  | { readonly kind: 'clean' }
  | { readonly kind: 'dirty'; readonly entries: readonly string[] }
  | { readonly kind: 'unversioned'; readonly reason: string };

export interface SafetyDecision {
  readonly proceed: boolean;
  /** printed as a warning when the run goes on without a safety net */
  readonly warning?: string;
  /** printed as the error when the run is refused */
  readonly error?: string;
}

function existingDirectory(target: string): string {
  let dir = path.resolve(target);
  while (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

/** `git status --porcelain` of the repository that contains `target` (untracked files count: they have no safety net either). */
export function workingTreeState(target: string): TreeState {
  const result = spawnSync('git', ['status', '--porcelain'], { cwd: existingDirectory(target), encoding: 'utf8' });
  if (result.error) return { kind: 'unversioned', reason: 'git is not installed' };
  if (result.status !== 0) return { kind: 'unversioned', reason: 'not a git repository' };
  const entries = result.stdout.split('\n').filter((line) => line.trim() !== '');
  return entries.length === 0 ? { kind: 'clean' } : { kind: 'dirty', entries };
}

const LISTED_ENTRIES = 10;

/** Whether a writing run may start on the trees of the given paths. */
export function checkSafeToWrite(targets: readonly string[], force: boolean): SafetyDecision {
  const warnings: string[] = [];
  const dirty = new Set<string>();
  for (const target of targets) {
    const state = workingTreeState(target);
    if (state.kind === 'dirty') for (const entry of state.entries) dirty.add(entry);
    if (state.kind === 'unversioned') warnings.push(`${state.reason}, no safety net: review the changes before keeping them`);
  }
  if (dirty.size > 0 && !force) {
    const listed = [...dirty].slice(0, LISTED_ENTRIES).map((entry) => `  ${entry}`);
    if (dirty.size > LISTED_ENTRIES) listed.push(`  … and ${dirty.size - LISTED_ENTRIES} more`);
    return {
      proceed: false,
      error: ['The git working tree has uncommitted changes:', ...listed, 'Commit or stash them first, or pass --force.'].join('\n'),
    };
  }
  if (dirty.size > 0) warnings.push('the git working tree has uncommitted changes (--force)');
  const warning = [...new Set(warnings)].join('; ');
  return warning ? { proceed: true, warning } : { proceed: true };
}
