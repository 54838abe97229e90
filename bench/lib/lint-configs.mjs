/** Lint configurations (files in bench/configs/), in the order of the tables. `neon` marks our presets (the targets apply to them). */
export const LINT_CONFIGS = [
  { id: 'floor', file: 'floor.eslint.mjs', label: 'floor: parser, no rules' },
  { id: 'trivial', file: 'trivial.eslint.mjs', label: 'one trivial rule (CallExpression + NewExpression, empty)' },
  { id: 'recommended', file: 'neon-recommended.eslint.mjs', label: 'neon `recommended`', neon: true },
  { id: 'strict', file: 'neon-strict.eslint.mjs', label: 'neon `strict`', neon: true },
  { id: 'neon', file: 'neon-neon.eslint.mjs', label: 'neon `neon`', neon: true },
  { id: 'drizzle', file: 'peer-drizzle.eslint.mjs', label: 'peer: eslint-plugin-drizzle (2 rules)' },
  { id: 'no-secrets', file: 'peer-no-secrets.eslint.mjs', label: 'peer: eslint-plugin-no-secrets' },
  { id: 'tseslint', file: 'peer-tseslint-recommended.eslint.mjs', label: 'peer: typescript-eslint `recommended` (untyped)' },
];
