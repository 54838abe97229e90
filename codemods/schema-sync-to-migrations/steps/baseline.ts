import fs from 'node:fs';
import path from 'node:path';

import { versionBelow } from '../../../src/project/detect';
import type { RunContext } from '../../lib/transform';
import { readPackageJson, type Plan } from '../analyze';

/** One ORM's next step: the command that writes the first (baseline) migration, and what to know about it. */
export interface Baseline {
  readonly tool: string;
  readonly commands: readonly string[];
  readonly note: string;
}

/** The baseline migration command of each tool the run moved to migrations. */
export function baselines(plan: Plan, context: RunContext): Baseline[] {
  const { root } = context;
  const result: Baseline[] = [];
  const { typeorm, sequelize, mikroOrm } = plan;
  if (typeorm) {
    result.push({
      tool: 'typeorm',
      commands: [`npx ${typeorm.cli} migration:generate ${typeorm.migrationsDir}/Baseline -d ${typeorm.dataSource}`],
      note: `run it against an empty database (a new Neon branch with no schema, or a local one); where the schema already exists, record it as applied with \`npx ${typeorm.cli} migration:run -d ${typeorm.dataSource} --fake\`.`,
    });
  } else if (plan.pushTools.has('typeorm')) {
    result.push({ tool: 'typeorm', commands: ['npx typeorm migration:generate src/migrations/Baseline -d <data-source file>'], note: 'run it against an empty database.' });
  }
  if (sequelize) {
    result.push({
      tool: 'sequelize',
      commands: ['npx sequelize-cli migration:generate --name baseline'],
      note: 'Sequelize has no autogenerate: fill the new migration from `pg_dump --schema-only` of the current database, and record it as applied where the schema already exists.',
    });
  }
  if (mikroOrm) {
    result.push({
      tool: 'mikro-orm',
      commands: ['npx mikro-orm migration:create --initial'],
      note: 'the initial migration is recorded as applied on databases that already have the schema.',
    });
  }
  if (plan.pushTools.has('prisma')) {
    const pkg = readPackageJson(path.join(root, 'package.json')) as { prisma?: { schema?: unknown } };
    const configured = context.options.stack.prisma?.schema ?? (typeof pkg.prisma?.schema === 'string' ? pkg.prisma.schema : undefined);
    const schema = (plan.prismaSchema ?? configured ?? 'prisma/schema.prisma').replace(/^\.\//, '');
    const migrations = `${path.posix.dirname(schema)}/migrations`;
    // Prisma 7 renamed `--to-schema-datamodel` to `--to-schema`.
    const minimum = context.options.stack.prisma?.clientMinimum;
    const toSchema = minimum && !versionBelow(minimum, '7.0.0') ? '--to-schema' : '--to-schema-datamodel';
    if (!fs.existsSync(path.join(root, migrations))) {
      result.push({
        tool: 'prisma',
        commands: [
          `mkdir -p ${migrations}/0_init`,
          `npx prisma migrate diff --from-empty ${toSchema} ${schema} --script > ${migrations}/0_init/migration.sql`,
          'npx prisma migrate resolve --applied 0_init',
        ],
        note: '`migrate resolve` records the baseline as applied on a database that already has the schema (run it once per existing database).',
      });
    }
  }
  if (plan.pushTools.has('drizzle-kit')) {
    result.push({ tool: 'drizzle-kit', commands: ['npx drizzle-kit generate'], note: "the first migration creates the whole schema: on a database that already has it, record that migration as applied in drizzle's migrations table instead of running it." });
  }
  return result;
}

export function renderBaselines(list: readonly Baseline[]): string {
  const lines = ['', 'Next: write the baseline migration'];
  for (const baseline of list) {
    lines.push(`  ${baseline.tool}:`, ...baseline.commands.map((command) => `    ${command}`), `    (${baseline.note})`);
  }
  return lines.join('\n');
}
