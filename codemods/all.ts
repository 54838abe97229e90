import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { rules } from '../rules';
import { detectProject } from '../src/project/detect';
import { CHAIN, MANUAL, transformForRule } from './chain';
import { unifiedDiff } from './lib/diff';
import { SKIPPED_DIRECTORIES, walkSourceFiles } from './lib/files';
import { RULE_TRIGGERS } from './lib/prefilter';
import { newTransformReport, type FileDiff, type Reporter, type TransformReport } from './lib/report';
import { runFileTransform, stackOf, type Codemod, type RunContext, type TransformMeta } from './lib/transform';

/**
 * `all`: the one-off run on a legacy repository, every transform in order
 * over the same paths, each one walking the tree again so that it sees what
 * the previous ones wrote (the db module, new migration files, package.json
 * scripts). One summary at the end: a row per transform and a total.
 *
 * `--dry`: the chain only stays coherent if each transform reads the previous
 * one's output, and the transforms read the disk (jscodeshift, ts-morph, the
 * linter). So the chain runs for real on a temporary copy of the project
 * (its `node_modules` linked, not copied), and the run prints one combined
 * diff of the copy against the project, then deletes the copy.
 */

export const meta: TransformMeta = {
  name: 'all',
  description: `run ${CHAIN.join(', ')} in order: the one-off run on a legacy repository`,
  triggers: RULE_TRIGGERS,
  answers: Object.keys(rules)
    .map((name) => `neon/${name}`)
    .filter((ruleId) => transformForRule(ruleId) !== MANUAL),
};

export const readOnly = false;

/** The transforms of the chain among `known` (the registry, which imports this module and so cannot be imported here), in chain order. */
export function registeredChain(known: readonly Codemod[]): Codemod[] {
  return CHAIN.flatMap((name) => known.filter((codemod) => codemod.meta.name === name));
}

function contextFor(base: RunContext, root: string, paths: readonly string[], reporter: Reporter): RunContext {
  const walk = walkSourceFiles(paths, { includeNames: ['package.json'] });
  return {
    root,
    paths,
    codemods: base.codemods,
    files: walk.files,
    walkSkipped: walk.skipped,
    // Stack detection runs again: an earlier step may have added a migration tool to package.json.
    options: { ...base.options, root, stack: detectProject(root), dry: false, print: false },
    reporter,
  };
}

async function runStep(codemod: Codemod, context: RunContext): Promise<TransformReport> {
  try {
    return codemod.kind === 'file' ? await runFileTransform(codemod.module, context) : await codemod.module.run(context);
  } catch (error) {
    const report = newTransformReport(codemod.meta.name);
    report.failed.push({
      file: '.',
      reason: `the transform crashed, later transforms not run: ${(error as Error).message.split('\n')[0]}`,
      stack: stackOf(error),
    });
    return report;
  }
}

async function runChain(
  chain: readonly Codemod[],
  base: RunContext,
  root: string,
  paths: readonly string[],
  reporter: Reporter,
): Promise<TransformReport[]> {
  const steps: TransformReport[] = [];
  for (const codemod of chain) {
    const step = await runStep(codemod, contextFor(base, root, paths, reporter));
    steps.push(step);
    // A half-applied transform is no base for the next one.
    if (step.failed.some((issue) => issue.file === '.')) break;
  }
  return steps;
}

// ---------------------------------------------------------------------------
// --dry: the chain on a temporary copy

function nearestNodeModules(root: string): string | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Copies the tree with hard links where the file system allows it: no file's
 * data is copied, and deleting the copy only drops links (on a 10k-file
 * project, a second instead of most of a minute). That is safe because every
 * write of the codemods replaces a file through a rename or unlinks it
 * (lib/write.ts), never writes into an existing file, so the project's files
 * are never changed through their links. Across file systems, or where a link
 * is refused, the file is copied.
 */
function copyTree(from: string, to: string, links: { allowed: boolean }): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyTree(source, target, links);
    } else if (entry.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(source), target);
    } else if (entry.isFile()) {
      if (links.allowed) {
        try {
          fs.linkSync(source, target);
          continue;
        } catch {
          // EXDEV (another file system), EPERM (protected hard links): copy from now on
          links.allowed = false;
        }
      }
      fs.copyFileSync(source, target);
    }
  }
}

function copyProject(root: string): string {
  const copy = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-codemod-all-')));
  copyTree(root, copy, { allowed: true });
  // Linked so that type-aware steps resolve the project's packages as they would in place.
  const modules = nearestNodeModules(root);
  if (modules) fs.symlinkSync(modules, path.join(copy, 'node_modules'), 'dir');
  return copy;
}

/** Relative paths of the files under `dir`, skipping the folders the walk skips. */
function listTree(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : listTree(path.join(dir, entry.name), relative);
    return entry.isFile() ? [relative] : [];
  });
}

function readOrEmpty(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** Both paths name one file: a link the chain left alone. */
function sameFile(a: string, b: string): boolean {
  const first = fs.statSync(a, { throwIfNoEntry: false });
  const second = fs.statSync(b, { throwIfNoEntry: false });
  return first !== undefined && second !== undefined && first.ino === second.ino && first.dev === second.dev;
}

/** What the chain changed in the copy, as one diff per file (created and deleted files included). */
function treeDiffs(root: string, copy: string): FileDiff[] {
  const files = [...new Set([...listTree(root), ...listTree(copy)])].sort();
  return files.flatMap((relative) => {
    const before = path.join(root, relative);
    const after = path.join(copy, relative);
    if (sameFile(before, after)) return [];
    if (fs.existsSync(before) && fs.existsSync(after) && fs.readFileSync(before).equals(fs.readFileSync(after))) return [];
    return [{ file: relative, diff: unifiedDiff(relative, readOrEmpty(before), readOrEmpty(after), false) }];
  });
}

/** The reporter for the copy: paths it prints name the project, not the temporary folder. */
function relocating(reporter: Reporter, from: string, to: string): Reporter {
  const swap = (text: string) => text.split(from).join(to);
  const relocated = Object.create(reporter) as Reporter;
  relocated.out = (text) => reporter.out(swap(text));
  relocated.warn = (text) => reporter.warn(swap(text));
  relocated.error = (text) => reporter.error(swap(text));
  return relocated;
}

async function dryRun(
  chain: readonly Codemod[],
  context: RunContext,
  paths: readonly string[],
): Promise<{ steps: TransformReport[]; diffs: FileDiff[] }> {
  const { root, reporter } = context;
  const copy = copyProject(root);
  try {
    const copyPaths = paths.map((given) => path.join(copy, path.relative(root, path.resolve(given))));
    const steps = await runChain(chain, context, copy, copyPaths, relocating(reporter, copy, root));
    const diffs = treeDiffs(root, copy);
    for (const { file } of diffs) {
      if (context.options.print) reporter.out(readOrEmpty(path.join(copy, file)));
      else reporter.out(unifiedDiff(file, readOrEmpty(path.join(root, file)), readOrEmpty(path.join(copy, file)), reporter.color));
    }
    return { steps, diffs };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------

export async function run(context: RunContext): Promise<TransformReport> {
  const { root, options, reporter } = context;
  const paths = context.paths ?? [root];
  if (!context.codemods) throw new Error('all needs the registered transforms in its run context (`codemods`)');
  const chain = registeredChain(context.codemods);
  const missing = CHAIN.filter((name) => !chain.some((codemod) => codemod.meta.name === name));
  if (missing.length > 0) reporter.warn(`all: not in this version, skipped: ${missing.join(', ')}`);

  const report = newTransformReport(meta.name);
  let steps: TransformReport[];
  if (options.dry) {
    const result = await dryRun(chain, context, paths);
    steps = result.steps;
    report.diffs.push(...result.diffs);
  } else {
    steps = await runChain(chain, context, root, paths, reporter);
  }
  // The chain's own report is the total; the CLI prints a row per step from `steps`.
  report.steps = steps;
  report.scanned = steps.reduce((sum, step) => sum + step.scanned, 0);
  report.parsed = steps.reduce((sum, step) => sum + step.parsed, 0);
  report.changed.push(...new Set(steps.flatMap((step) => step.changed)));
  for (const step of steps) {
    report.skipped.push(...step.skipped);
    report.failed.push(...step.failed);
    report.findings.push(...step.findings);
  }
  if (options.print && !options.dry) {
    for (const file of report.changed) reporter.out(readOrEmpty(path.join(root, file)));
  }
  return report;
}
