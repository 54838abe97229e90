import path from 'node:path';

import type { Changeset } from '../../lib/changeset';
import { addDependency, addScripts, editPackageJson } from '../../schema-sync-to-migrations/steps/package-json';

/** The node-pg-migrate release line the generated migrations and script are written for. */
const NODE_PG_MIGRATE_RANGE = '^9.0.0';

/**
 * Migrations run with the direct (unpooled) URL: DDL and node-pg-migrate's
 * advisory lock need a session, which Neon's PgBouncer pooler in transaction
 * mode does not keep. Falls back to `DATABASE_URL` where there is no direct
 * one (a POSIX shell expansion: npm runs scripts with `sh` outside Windows).
 */
export const DB_MIGRATE_SCRIPT = 'DATABASE_URL_UNPOOLED="${DATABASE_URL_UNPOOLED:-$DATABASE_URL}" node-pg-migrate up --database-url-var DATABASE_URL_UNPOOLED';

/** For a project that had no migration tool: node-pg-migrate as a dependency (deploys run it) and a `db:migrate` script. */
export function addNodePgMigrate(changes: Changeset, root: string): void {
  changes.update(path.join(root, 'package.json'), (text) =>
    editPackageJson(text, (pkg) => {
      addDependency(pkg, 'dependencies', 'node-pg-migrate', NODE_PG_MIGRATE_RANGE);
      addScripts(pkg, { 'db:migrate': DB_MIGRATE_SCRIPT });
    }),
  );
}
