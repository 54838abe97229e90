import * as all from './all';
import * as analyze from './analyze';
import * as centralDbModule from './central-db-module';
import * as ddlToMigrations from './ddl-to-migrations';
import * as envConnectionString from './env-connection-string';
import * as init from './init';
import { fileCodemod, projectCodemod, type Codemod } from './lib/transform';
import * as releaseInFinally from './release-in-finally';
import * as schemaSyncToMigrations from './schema-sync-to-migrations';

/**
 * The transforms `neon-codemod` knows, in the order `--help` and the README list
 * them; `all` runs its own CHAIN, looked up here (docs/codemods/registry.md).
 */
export const CODEMODS: readonly Codemod[] = [projectCodemod(analyze), fileCodemod(envConnectionString), projectCodemod(centralDbModule), fileCodemod(releaseInFinally), projectCodemod(schemaSyncToMigrations), projectCodemod(ddlToMigrations), projectCodemod(init), projectCodemod(all)];

export function findCodemod(name: string): Codemod | undefined {
  return CODEMODS.find((codemod) => codemod.meta.name === name);
}
