import path from 'node:path';

import type { RunContext } from '../../lib/transform';
import type { TypeormSetup } from '../analyze';
import type { Changeset } from '../../lib/changeset';
import { addDependency, addScripts, editPackageJson } from './package-json';
import { DEPENDENCY_RANGES } from '../../templates/dependency-ranges';

function renderDataSource(setup: TypeormSetup & { newDataSource: { entities: string } }, context: RunContext): string {
  const { stack, envVar } = context.options;
  const typescript = stack.language === 'typescript';
  const esm = stack.moduleSystem === 'esm';
  const dirname = esm ? 'import.meta.dirname' : '__dirname';
  const migrations = `[${dirname} + '/migrations/*.${typescript ? '{ts,js}' : 'js'}']`;
  const cjs = !typescript && !esm;
  return [
    cjs ? "const { DataSource } = require('typeorm');" : "import { DataSource } from 'typeorm';",
    '',
    '// The data source the TypeORM CLI loads (migration:generate, migration:run), with the entities of TypeOrmModule.forRoot.',
    "// Migrations take session-level locks, which Neon's pooled endpoint (PgBouncer, transaction mode) does not keep: use the direct URL when it is set.",
    `${cjs ? 'module.exports =' : 'export default'} new DataSource({`,
    "  type: 'postgres',",
    `  url: process.env.DATABASE_URL_UNPOOLED ?? process.env.${envVar},`,
    `  entities: ${setup.newDataSource.entities},`,
    `  migrations: ${migrations},`,
    '});',
    '',
  ].join('\n');
}

/** The data source the CLI needs (when the project had none), and the migration scripts. */
export function applyTypeorm(setup: TypeormSetup, changes: Changeset, context: RunContext): void {
  const { root } = context;
  if (setup.newDataSource) changes.create(path.join(root, setup.dataSource), renderDataSource({ ...setup, newDataSource: setup.newDataSource }, context));
  changes.update(path.join(root, 'package.json'), (text) =>
    editPackageJson(text, (pkg) => {
      addScripts(pkg, {
        'migration:generate': `${setup.cli} migration:generate -d ${setup.dataSource}`,
        'migration:run': `${setup.cli} migration:run -d ${setup.dataSource}`,
      });
      if (setup.cli !== 'typeorm') addDependency(pkg, 'devDependencies', 'ts-node', DEPENDENCY_RANGES['ts-node']!);
    }),
  );
}
