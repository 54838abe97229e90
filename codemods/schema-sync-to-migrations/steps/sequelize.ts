import path from 'node:path';

import type { RunContext } from '../../lib/transform';
import type { SequelizeSetup } from '../analyze';
import type { Changeset } from '../../lib/changeset';
import { addDependency, addScripts, editPackageJson } from './package-json';

const SEQUELIZE_CLI_RANGE = '^6.6.5';

function resolved(relative: string): string {
  return `path.resolve(${relative.split('/').map((part) => `'${part}'`).join(', ')})`;
}

function renderRc(rc: NonNullable<SequelizeSetup['rc']>): string {
  return [
    '// Where sequelize-cli finds its config, models, migrations and seeders (npx sequelize-cli db:migrate).',
    "const path = require('path');",
    '',
    'module.exports = {',
    `  config: ${resolved(rc.config)},`,
    ...(rc.models ? [`  'models-path': ${resolved(rc.models)},`] : []),
    `  'migrations-path': ${resolved(rc.migrations)},`,
    `  'seeders-path': ${resolved(rc.seeders)},`,
    '};',
    '',
  ].join('\n');
}

function renderConfig(envVar: string): string {
  return [
    '// The sequelize-cli config (db:migrate). Migrations take session-level locks, which',
    "// Neon's pooled endpoint (PgBouncer, transaction mode) does not keep: use the direct URL when it is set.",
    `const useEnvVariable = process.env.DATABASE_URL_UNPOOLED ? 'DATABASE_URL_UNPOOLED' : '${envVar}';`,
    '',
    '// Neon requires TLS; a local database for development and tests usually has none.',
    "const isLocalDatabase = /@(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?\\//.test(process.env[useEnvVariable] ?? '');",
    '',
    'const config = {',
    '  use_env_variable: useEnvVariable,',
    "  dialect: 'postgres',",
    '  dialectOptions: isLocalDatabase ? {} : { ssl: { require: true } },',
    '};',
    '',
    'module.exports = { development: config, test: config, production: config };',
    '',
  ].join('\n');
}

/** `.sequelizerc`, the sequelize-cli config, the migrations folder, the scripts and sequelize-cli itself. */
export function applySequelize(setup: SequelizeSetup, changes: Changeset, context: RunContext): void {
  const { root, options } = context;
  if (setup.rc) changes.create(path.join(root, '.sequelizerc'), renderRc(setup.rc));
  if (setup.newConfig) changes.create(path.join(root, setup.newConfig), renderConfig(options.envVar));
  if (setup.newMigrationsDir) changes.create(path.join(root, setup.newMigrationsDir, '.gitkeep'), '');
  changes.update(path.join(root, 'package.json'), (text) =>
    editPackageJson(text, (pkg) => {
      addScripts(pkg, { 'db:migrate': 'sequelize-cli db:migrate', 'db:migrate:undo': 'sequelize-cli db:migrate:undo' });
      addDependency(pkg, 'devDependencies', 'sequelize-cli', SEQUELIZE_CLI_RANGE);
    }),
  );
}
