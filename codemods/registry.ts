import * as analyze from './analyze';
import * as centralDbModule from './central-db-module';
import * as envConnectionString from './env-connection-string';
import * as init from './init';
import { fileCodemod, projectCodemod, type Codemod } from './lib/transform';
import * as releaseInFinally from './release-in-finally';
import * as schemaSyncToMigrations from './schema-sync-to-migrations';

/**
 * The transforms `neon-codemod` knows, in the order `all` will run them.
 *
 * Only working transforms are registered. Planned, each added here when it
 * lands (see DESIGN.md "Codemods"):
 *   projectCodemod(ddlToMigrations)         codemods/ddl-to-migrations/index.ts
 *   projectCodemod(all)                     codemods/all.ts
 */
export const CODEMODS: readonly Codemod[] = [projectCodemod(analyze), fileCodemod(envConnectionString), projectCodemod(centralDbModule), fileCodemod(releaseInFinally), projectCodemod(schemaSyncToMigrations), projectCodemod(init)];

export function findCodemod(name: string): Codemod | undefined {
  return CODEMODS.find((codemod) => codemod.meta.name === name);
}
