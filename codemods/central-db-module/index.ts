import fs from 'node:fs';

import { newTransformReport, type TransformReport } from '../lib/report';
import { CLIENT_TRIGGERS } from '../lib/prefilter';
import { relativePath, type RunContext, type TransformMeta } from '../lib/transform';
import { Changeset } from '../lib/changeset';
import { applyEdits, parseSource, type TextEdit } from '../schema-sync-to-migrations/source';
import { analyzeProject, ANSWERS, type PendingFinding } from './analyze';
import { consumerEdits } from './steps/consumers';
import { createDbModule } from './steps/db-module';

/**
 * `central-db-module`: one db module (reused, or created from the stack's
 * template), and every per-request or duplicate client the rules report
 * replaced with an import of it. A client whose settings differ from the
 * module's, or whose uses would change meaning on a shared client, is left
 * with a finding.
 */

export const meta: TransformMeta = {
  name: 'central-db-module',
  description: 'create or reuse the db module and replace per-request and duplicate clients with imports of it',
  triggers: CLIENT_TRIGGERS,
  answers: [...ANSWERS],
};

export const readOnly = false;

/** Where a finding's construction ends up once the edits above it are applied. */
function placeFinding(finding: PendingFinding, edits: readonly TextEdit[], context: RunContext) {
  const text = fs.readFileSync(finding.file, 'utf8');
  const shift = edits.filter((edit) => edit.end <= finding.offset).reduce((sum, edit) => sum + edit.text.length - (edit.end - edit.start), 0);
  const after = applyEdits(text, edits);
  const offset = finding.offset + shift;
  const before = after.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { file: relativePath(context.root, finding.file), line, column, message: finding.message };
}

export function run(context: RunContext): TransformReport {
  const { root, reporter } = context;
  const report = newTransformReport(meta.name);
  const plan = analyzeProject(context);
  report.scanned = plan.scanned;
  report.parsed = plan.parsed;
  report.findings.push(...plan.findings);
  const editsByFile = new Map<string, readonly TextEdit[]>();

  const changes = new Changeset();
  const commitEdits = (file: string, edits: readonly TextEdit[]): void => {
    const after = applyEdits(fs.readFileSync(file, 'utf8'), edits);
    try {
      parseSource(after, file);
    } catch (error) {
      report.failed.push({ file: relativePath(root, file), reason: `the rewrite would not parse, file left untouched: ${(error as Error).message.split('\n')[0]}` });
      return;
    }
    changes.update(file, () => after);
    editsByFile.set(file, edits);
  };
  for (const dbModule of plan.created) createDbModule(dbModule, changes);
  for (const [file, { dbModule, replacements }] of plan.replacements) {
    const edits = consumerEdits(plan.project.getSourceFileOrThrow(file), replacements, dbModule, dbModule.project);
    commitEdits(file, [...edits, ...(plan.listenerEdits.get(file) ?? [])]);
  }
  for (const [file, edits] of plan.listenerEdits) if (!plan.replacements.has(file)) commitEdits(file, edits);
  for (const finding of plan.pending) report.findings.push(placeFinding(finding, editsByFile.get(finding.file) ?? [], context));
  report.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  changes.commit(context, report);
  for (const finding of report.findings) reporter.out(`${finding.file}:${finding.line}:${finding.column}  ${finding.message}`);
  return report;
}
