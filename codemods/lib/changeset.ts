import fs from 'node:fs';

import { unifiedDiff } from './diff';
import type { TransformReport } from './report';
import { relativePath, type RunContext } from './transform';
import { createAtomic, readSnapshot, removeAtomic, writeAtomic, type FileSnapshot } from './write';

/**
 * The files the steps change or create, held in memory until the end of the
 * run: steps build on each other's text (several touch package.json), and
 * `--dry` shows every change without writing one.
 */
export class Changeset {
  /** `text` undefined: the file is to be deleted */
  private readonly files = new Map<string, { readonly snapshot?: FileSnapshot; text: string | undefined }>();

  /** The file's text as the steps so far left it; undefined when it does not exist. */
  read(file: string): string | undefined {
    const pending = this.files.get(file);
    if (pending) return pending.text;
    if (this.files.has(file)) return undefined;
    if (!fs.existsSync(file)) return undefined;
    const snapshot = readSnapshot(file);
    this.files.set(file, { snapshot, text: snapshot.text });
    return snapshot.text;
  }

  /** Rewrites an existing file; false when it does not exist. */
  update(file: string, change: (text: string) => string): boolean {
    const text = this.read(file);
    if (text === undefined) return false;
    this.files.get(file)!.text = change(text);
    return true;
  }

  /** Creates a file unless it exists (on disk or in this changeset); false when it does. */
  create(file: string, text: string): boolean {
    if (this.read(file) !== undefined) return false;
    this.files.set(file, { text });
    return true;
  }

  /** Deletes an existing file; false when it does not exist. */
  remove(file: string): boolean {
    if (this.read(file) === undefined) return false;
    const pending = this.files.get(file)!;
    // A file created earlier in this run is simply not created.
    if (pending.snapshot) pending.text = undefined;
    else this.files.delete(file);
    return true;
  }

  /** Prints (`--dry`: diffs) or writes every change, atomically, into the report. */
  commit(context: RunContext, report: TransformReport): void {
    const { options, reporter, root } = context;
    for (const [file, { snapshot, text }] of [...this.files].sort(([a], [b]) => a.localeCompare(b))) {
      if (snapshot?.text === text) continue;
      const relative = relativePath(root, file);
      if (options.print && text !== undefined) reporter.out(text);
      if (options.dry) {
        report.diffs.push({ file: relative, diff: unifiedDiff(relative, snapshot?.text ?? '', text ?? '', false) });
        if (!options.print) reporter.out(unifiedDiff(relative, snapshot?.text ?? '', text ?? '', reporter.color));
        report.changed.push(relative);
        continue;
      }
      const outcome = text === undefined ? removeAtomic(snapshot!) : snapshot ? writeAtomic(snapshot, text) : createAtomic(file, text);
      if (outcome.status === 'written') report.changed.push(relative);
      else if (outcome.status === 'skipped') report.skipped.push({ file: relative, reason: outcome.reason });
      else report.failed.push({ file: relative, reason: outcome.reason });
    }
  }
}
