import { parseSource, applyEdits } from '../source';
import type { Plan } from '../analyze';
import type { Changeset } from '../changeset';
import type { TransformReport } from '../../lib/report';
import { relativePath } from '../../lib/transform';

/** Applies the planned code edits; a file whose rewrite would not parse is left untouched and reported. */
export function applySourceEdits(plan: Plan, changes: Changeset, root: string, report: TransformReport): void {
  for (const [file, edits] of plan.sources) {
    const before = changes.read(file);
    if (before === undefined) continue;
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
