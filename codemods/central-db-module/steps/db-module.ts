import path from 'node:path';

import type { ProjectStack } from '../../../src/project/detect';
import { createNeonLinter } from '../../lib/lint';
import type { Changeset } from '../../lib/changeset';
import { applyEdits, type TextEdit } from '../../schema-sync-to-migrations/source';
import { addDependency, editPackageJson } from '../../schema-sync-to-migrations/steps/package-json';
import { dbModuleTemplate, type StackId } from '../../templates/db-modules';
import { DEPENDENCY_RANGES, TYPES_FOR } from '../../templates/dependency-ranges';
import { renderModule } from '../../templates/render';
import type { DbModule } from '../analyze';

/**
 * The db module: created from the stack's template in the project's language
 * and module system, or, when it exists, given the pool `error` listener
 * `require-pool-error-listener` suggests.
 */

export function renderDbModule(stack: StackId, file: string, project: ProjectStack): string {
  const language = /\.[cm]?tsx?$/.test(file) ? 'ts' : 'js';
  const moduleSystem = file.endsWith('.mjs') || (!file.endsWith('.cjs') && project.moduleSystem === 'esm') ? 'esm' : 'cjs';
  return renderModule(dbModuleTemplate(stack).source, { language, moduleSystem });
}

/** The rule's own suggestion, applied: the listener goes right after the pool's declaration. */
export function withErrorListeners(text: string, file: string, root: string): string {
  const linter = createNeonLinter({ cwd: root, ruleIds: ['neon/require-pool-error-listener'] });
  const edits: TextEdit[] = linter
    .lint(text, file)
    .messages.flatMap((message) => message.suggestions?.slice(0, 1) ?? [])
    .map(({ fix }) => ({ start: fix.range[0], end: fix.range[1], text: fix.text }));
  return applyEdits(text, edits);
}

export function applyDbModule(dbModule: DbModule, changes: Changeset, root: string, project: ProjectStack): void {
  if (dbModule.exists) {
    changes.update(dbModule.file, (text) => withErrorListeners(text, dbModule.file, root));
    return;
  }
  changes.create(dbModule.file, renderDbModule(dbModule.stack, dbModule.file, project));
}

/** Adds the template's packages the project does not declare yet (npm install is the user's to run). */
export function addTemplateDependencies(stack: StackId, changes: Changeset, root: string, typescript: boolean): void {
  changes.update(path.join(root, 'package.json'), (text) =>
    editPackageJson(text, (pkg) => {
      for (const name of dbModuleTemplate(stack).dependencies) {
        addDependency(pkg, 'dependencies', name, DEPENDENCY_RANGES[name] ?? 'latest');
        const types = TYPES_FOR[name];
        if (typescript && types) addDependency(pkg, 'devDependencies', types, DEPENDENCY_RANGES[types] ?? 'latest');
      }
    }),
  );
}
