import type { TransformReport } from '../../lib/report';
import { relativePath } from '../../lib/transform';
import type { Plan } from '../analyze';
import type { Changeset } from '../../lib/changeset';
import { applyEdits, parseSource } from '../source';

/** Applies the planned code edits; a file that changed since the analysis, or whose rewrite would not parse, is left untouched and reported. */
export function applySourceEdits(plan: Pick<Plan, 'sources'>, changes: Changeset, root: string, report: TransformReport): void {
  for (const [file, { before, edits }] of plan.sources) {
    if (changes.read(file) !== before) {
      report.skipped.push({ file: relativePath(root, file), reason: 'changed during the run' });
      continue;
    }
    const after = applyEdits(before, edits);
    try {
      parseSource(after, file);
    } catch (error) {
      report.failed.push({ file: relativePath(root, file), reason: `the rewrite would not parse, file left untouched: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    changes.update(file, () => after);
  }
}
