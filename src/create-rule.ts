// The subpath, not the package root: the root also loads the TS-ESTree and TypeScript helpers (~0.2 s on every lint run).
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';

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

/** Every rule first tells import tracking what `settings.neon` says about the linted file's imports (per-file, before any visitor runs). */
export const createRule: typeof ruleCreator = (rule) =>
  ruleCreator({
    ...rule,
    create(context, options) {
      rememberImportContext(context);
      return rule.create(context, options);
    },
  });
