import path from 'node:path';

import type { RunContext } from '../../lib/transform';
import type { MikroOrmSetup } from '../analyze';
import type { Changeset } from '../../lib/changeset';
import { addDependency, addScripts, declaredRange, editPackageJson } from './package-json';
import { DEPENDENCY_RANGES } from '../../templates/dependency-ranges';

/** The Migrator package and the CLI (same version as @mikro-orm/core), the migration scripts, and ts-node for a TypeScript config. */
export function applyMikroOrm(setup: MikroOrmSetup, changes: Changeset, context: RunContext): void {
  changes.update(path.join(context.root, 'package.json'), (text) =>
    editPackageJson(text, (pkg) => {
      const range = declaredRange(pkg, '@mikro-orm/core') ?? `^${setup.major}.0.0`;
      addScripts(pkg, { 'migration:create': 'mikro-orm migration:create', 'migration:up': 'mikro-orm migration:up' });
      // The app applies migrations at run time (`orm.migrator.up()`), so the Migrator is a runtime dependency.
      addDependency(pkg, 'dependencies', '@mikro-orm/migrations', range);
      addDependency(pkg, 'devDependencies', '@mikro-orm/cli', range);
      if (setup.typescript) {
        addDependency(pkg, 'devDependencies', 'ts-node', DEPENDENCY_RANGES['ts-node']!);
        // MikroORM 6 looks for a TypeScript config whenever ts-node is installed; 5 needs to be told.
        if (setup.major < 6 && !('mikro-orm' in pkg)) pkg['mikro-orm'] = { useTsNode: true };
      }
    }),
  );
}
