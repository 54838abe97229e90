// The subpath, not the package root: the root also loads the TS-ESTree and TypeScript helpers (~0.2 s on every lint run).
import { applyDefault, RuleCreator } from '@typescript-eslint/utils/eslint-utils';

import { rememberImportContext } from './estree/context';
import { REPOSITORY_URL } from './meta';

/** Which preset a rule belongs to; the presets are derived from this, never hand-kept. */
export type PresetName = 'recommended' | 'strict' | 'neon';

export interface NeonDocs {
  description: string;
  recommended: PresetName;
  /** file kinds where the presets turn the rule off (DESIGN.md: test files, migration files) */
  relaxIn?: readonly ('tests' | 'migrations')[];
  /** options the `strict` preset passes instead of the defaults */
  strictOptions?: readonly unknown[];
  /** the rule lints `package.json` through `@eslint/json` instead of JS/TS */
  language?: 'json';
  requiresTypeChecking?: false;
}

const ruleCreator = RuleCreator<NeonDocs>((name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);

/**
 * The options with their defaults, resolved again only when the configured
 * options change. typescript-eslint's own `create` clones the defaults with
 * `structuredClone` on every file (~3 µs a rule a file, more with options), work
 * that does not depend on the file. ESLint hands every file of one
 * configuration the same option objects, so comparing them by identity finds
 * the resolved options of the previous file; ESLint 9.15+ merges a rule's
 * `meta.defaultOptions` into options given in the config anew for every file,
 * equal but not identical, which their JSON (options are JSON by schema) finds.
 */
function defaultsApplier(defaults: readonly unknown[]): (configured: readonly unknown[]) => readonly unknown[] {
  let lastConfigured: readonly unknown[] | undefined;
  let lastJson: string | undefined;
  let lastResolved: readonly unknown[] = [];
  return (configured) => {
    const same = lastConfigured?.length === configured.length && lastConfigured.every((option, i) => option === configured[i]);
    if (!same) {
      const json = JSON.stringify(configured);
      if (json !== lastJson) {
        lastResolved = applyDefault(defaults, configured);
        lastJson = json;
      }
      lastConfigured = [...configured];
    }
    return lastResolved;
  };
}

/** Every rule first tells import tracking what `settings.neon` says about the linted file's imports (per-file, before any visitor runs). */
export const createRule: typeof ruleCreator = (rule) => {
  const created = ruleCreator(rule);
  type Options = Parameters<typeof rule.create>[1];
  const withDefaults = defaultsApplier(rule.meta.defaultOptions ?? rule.defaultOptions ?? []);
  return {
    ...created,
    create(context) {
      rememberImportContext(context);
      return rule.create(context, withDefaults(context.options) as Options);
    },
  };
};
