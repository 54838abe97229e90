import path from 'node:path';

import type { Plan } from '../analyze';
import type { Changeset } from '../../lib/changeset';
import { editPackageJson } from './package-json';

/** Push/sync/reset commands in lifecycle scripts → the tool's migrate/deploy command. */
export function applyScriptRewrites(plan: Plan, changes: Changeset, root: string): void {
  for (const rewrite of plan.scripts) {
    changes.update(path.join(root, rewrite.packageJson), (text) =>
      editPackageJson(text, (pkg) => {
        const scripts = pkg.scripts as Record<string, string> | undefined;
        if (scripts?.[rewrite.script] === rewrite.from) scripts[rewrite.script] = rewrite.to;
      }),
    );
  }
}
