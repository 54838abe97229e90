import path from 'node:path';

import { Changeset } from '../lib/changeset';
import { newTransformReport, type TransformReport } from '../lib/report';
import type { RunContext, TransformMeta } from '../lib/transform';
import { applySourceEdits } from '../schema-sync-to-migrations/steps/source-edits';
import { analyzeProject, ANSWERS, TRIGGERS } from './analyze';
import { writeMigration } from './steps/migration';
import { setUpMigrations } from './steps/setup';

/**
 * `ddl-to-migrations`: moves the DDL that application code runs (typically an
 * `initDb()` at startup) into one migration of the project's tool, in the
 * order the app ran it: SQL as written, schema-builder code (knex, Kysely,
 * Sequelize's query interface, TypeORM's query runner) as it was, on the
 * migration's handle. A project without migrations gets the tool of its
 * builder code, or node-pg-migrate. Removes the calls, the init functions
 * left empty and their call sites, and leaves what it cannot move (DDL built
 * at run time, code that depends on the app) with a finding.
 */

export const meta: TransformMeta = {
  name: 'ddl-to-migrations',
  description: 'move DDL run by application code (initDb at startup) into a migration of the project tool and remove the call sites',
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

  const notes: string[] = [];
  if (plan.moved.length > 0) {
    const changes = new Changeset();
    const migration = writeMigration(plan, changes, context);
    if (migration.existing) notes.push(`The DDL is already in ${migration.existing}: no migration created, the calls are removed.`);
    applySourceEdits(plan, changes, root, report);
    for (const file of plan.deletions) changes.remove(file);
    if (plan.addTool) {
      setUpMigrations(plan.tool, changes, context);
      notes.push(`The project had no migrations: ${plan.tool}'s are set up, with a db:migrate script over the direct URL. Run your package manager's install, and \`npm run db:migrate\` in your deploy step, before the app starts.`);
    }
    changes.commit(context, report);
    if (plan.orderNote) notes.push(plan.orderNote);
    if (migration.next.length > 0) {
      notes.push(`Databases that already have this schema: mark the migration as applied (a baseline) instead of running it:\n  ${migration.next.join('\n  ')}`);
    }
    report.details = { tool: plan.tool, migration: migration.files, deleted: plan.deletions.map((file) => path.relative(root, file).split(path.sep).join('/')), next: migration.next };
  }
  for (const finding of report.findings) reporter.out(`${finding.file}:${finding.line}:${finding.column}  ${finding.message}`);
  for (const note of notes) reporter.out(note);
  return report;
}
