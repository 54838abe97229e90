import fs from 'node:fs';
import path from 'node:path';

import type { Changeset } from '../../lib/changeset';
import type { RunContext } from '../../lib/transform';
import { sequelizeSetup } from '../../schema-sync-to-migrations/analyze';
import { addDependency, addScripts, editPackageJson } from '../../schema-sync-to-migrations/steps/package-json';
import { applySequelize } from '../../schema-sync-to-migrations/steps/sequelize';
import { DEPENDENCY_RANGES } from '../../templates/dependency-ranges';
import { renderKnexfile, renderKyselyConfig } from '../../templates/migration-configs';
import type { TargetTool } from '../analyze';

/**
 * The migration setup of a project that had none, for the tool the moved DDL
 * was written for: its CLI config, package and a `db:migrate` script.
 *
 * Migrations run with the direct (unpooled) URL: DDL and the tools' advisory
 * locks need a session, which Neon's PgBouncer pooler in transaction mode does
 * not keep. The scripts fall back to `DATABASE_URL` where there is no direct
 * one (a POSIX shell expansion: npm runs scripts with `sh` outside Windows).
 */

const DIRECT_URL = 'DATABASE_URL_UNPOOLED="${DATABASE_URL_UNPOOLED:-$DATABASE_URL}"';

export const DB_MIGRATE_SCRIPT = `${DIRECT_URL} node-pg-migrate up --database-url-var DATABASE_URL_UNPOOLED`;
/** knex and kysely-ctl read the URL from their config file, which reads DATABASE_URL_UNPOOLED. */
const KNEX_MIGRATE_SCRIPT = `${DIRECT_URL} knex migrate:latest`;
const KYSELY_MIGRATE_SCRIPT = `${DIRECT_URL} kysely migrate:latest`;

const range = (name: string): string => DEPENDENCY_RANGES[name] ?? 'latest';

/** Whether the root holds a config of that stem in any extension (`knexfile.js`, `knexfile.ts`). */
function hasConfig(root: string, stem: string): boolean {
  return fs.readdirSync(root).some((name) => name.startsWith(`${stem}.`));
}

/** The tool's packages (runtime ones in `dependencies`: deploys run the migrations) and `db:migrate`. */
function packageJson(changes: Changeset, root: string, dependencies: readonly string[], devDependencies: readonly string[], script: string): void {
  changes.update(path.join(root, 'package.json'), (text) =>
    editPackageJson(text, (pkg) => {
      for (const name of dependencies) addDependency(pkg, 'dependencies', name, range(name));
      for (const name of devDependencies) addDependency(pkg, 'devDependencies', name, range(name));
      addScripts(pkg, { 'db:migrate': script });
    }),
  );
}

/** Sets up `tool`'s migrations; the migration itself creates the `migrations/` folder. */
export function setUpMigrations(tool: TargetTool, changes: Changeset, context: RunContext): void {
  const { root, options } = context;
  const language = options.stack.language === 'typescript' ? 'ts' : 'js';
  const moduleSystem = options.stack.moduleSystem === 'esm' ? 'esm' : 'cjs';
  switch (tool) {
    case 'node-pg-migrate':
      packageJson(changes, root, ['node-pg-migrate'], [], DB_MIGRATE_SCRIPT);
      break;
    case 'knex':
      if (!hasConfig(root, 'knexfile')) changes.create(path.join(root, `knexfile.${language}`), renderKnexfile(language, moduleSystem));
      // The knex CLI loads a TypeScript knexfile and migrations through ts-node.
      packageJson(changes, root, ['knex', 'pg'], language === 'ts' ? ['ts-node'] : [], KNEX_MIGRATE_SCRIPT);
      break;
    case 'kysely':
      if (!hasConfig(root, 'kysely.config')) changes.create(path.join(root, `kysely.config.${language}`), renderKyselyConfig(language, moduleSystem));
      packageJson(changes, root, ['kysely', 'pg'], ['kysely-ctl'], KYSELY_MIGRATE_SCRIPT);
      break;
    case 'sequelize': {
      // The migration goes into the migrations folder: it needs no .gitkeep.
      const { rc, newConfig } = sequelizeSetup(root, moduleSystem === 'esm', (file) => changes.read(file));
      applySequelize({ ...(rc ? { rc } : {}), ...(newConfig ? { newConfig } : {}) }, changes, context);
      break;
    }
    default:
      // Prisma, drizzle-kit and TypeORM are only ever targets when the project already uses them.
      break;
  }
}
