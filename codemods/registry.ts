import * as analyze from './analyze';
import * as envConnectionString from './env-connection-string';
import { fileCodemod, projectCodemod, type Codemod } from './lib/transform';
import * as releaseInFinally from './release-in-finally';
import * as schemaSyncToMigrations from './schema-sync-to-migrations';

/**
 * The transforms `neon-codemod` knows, in the order `all` will run them.
 *
 * Only working transforms are registered. Planned, each added here when it
 * lands (see DESIGN.md "Codemods"):
 *   projectCodemod(centralDbModule)         codemods/central-db-module/index.ts
 *   projectCodemod(ddlToMigrations)         codemods/ddl-to-migrations/index.ts
 *   projectCodemod(init)                    codemods/init/index.ts
 *   projectCodemod(all)                     codemods/all.ts
 */
export const CODEMODS: readonly Codemod[] = [projectCodemod(analyze), fileCodemod(envConnectionString), fileCodemod(releaseInFinally), projectCodemod(schemaSyncToMigrations)];

export function findCodemod(name: string): Codemod | undefined {
  return CODEMODS.find((codemod) => codemod.meta.name === name);
}
