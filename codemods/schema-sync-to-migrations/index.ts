import { newTransformReport, type TransformReport } from '../lib/report';
import type { RunContext, TransformMeta } from '../lib/transform';
import { analyzeProject, ANSWERS, TRIGGERS } from './analyze';
import { Changeset } from '../lib/changeset';
import { baselines, renderBaselines } from './steps/baseline';
import { applyMikroOrm } from './steps/mikro-orm';
import { applyScriptRewrites } from './steps/scripts';
import { applySequelize } from './steps/sequelize';
import { applySourceEdits } from './steps/source-edits';
import { applyTypeorm } from './steps/typeorm';

/**
 * `schema-sync-to-migrations`: turns off TypeORM synchronize, Sequelize sync(),
 * the MikroORM schema generator and schema pushes in lifecycle scripts, wires
 * the ORM's migrations (config, folder, package.json scripts), and prints the
 * command that writes the baseline migration. Code that ran after a sync
 * still runs. What it cannot prove safe is left with a finding.
 */

export const meta: TransformMeta = {
  name: 'schema-sync-to-migrations',
  description: 'turn off schema sync/push, wire the ORM migrations (config, folder, scripts) and print the baseline migration command',
  triggers: TRIGGERS,
  answers: ANSWERS,
};

export const readOnly = false;

export function run(context: RunContext): TransformReport {
  const { root, reporter } = context;
  const report = newTransformReport(meta.name);
  const plan = analyzeProject(context);
  report.scanned = plan.scanned;
  report.parsed = plan.parsed;
  report.findings.push(...plan.findings);

  const changes = new Changeset();
  applySourceEdits(plan, changes, root, report);
  applyScriptRewrites(plan, changes, root);
  if (plan.typeorm) applyTypeorm(plan.typeorm, changes, context);
  if (plan.sequelize) applySequelize(plan.sequelize, changes, context);
  if (plan.mikroOrm) applyMikroOrm(plan.mikroOrm, changes, context);
  changes.commit(context, report);

  const next = baselines(plan, context);
  report.details = { baselines: next };
  for (const finding of report.findings) reporter.out(`${finding.file}:${finding.line}:${finding.column}  ${finding.message}`);
  if (next.length > 0) reporter.out(renderBaselines(next));
  return report;
}
