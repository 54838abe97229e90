import type { TSESLint } from '@typescript-eslint/utils';

import type { NeonDocs, PresetName } from './create-rule';
import { DEFAULT_MIGRATION_GLOBS, DEFAULT_TEST_GLOBS } from './project/settings';

type AnyRule = { meta: { docs?: NeonDocs } };
type RuleLevel = TSESLint.Linter.RuleLevel;
type RuleEntry = RuleLevel | [RuleLevel, ...unknown[]];
type RulesRecord = Record<string, RuleEntry>;

export interface FlatConfig {
  name: string;
  files?: string[];
  ignores?: string[];
  plugins?: Record<string, unknown>;
  language?: string;
  rules: RulesRecord;
}

export interface LegacyConfig {
  plugins: string[];
  rules: RulesRecord;
  overrides: { files: string[]; rules: RulesRecord }[];
}

export const PRESETS = ['recommended', 'strict', 'neon'] as const;

/** Which rule groups each preset turns on. */
const PRESET_MEMBERS: Record<PresetName, readonly PresetName[]> = {
  recommended: ['recommended'],
  strict: ['recommended', 'strict'],
  neon: ['recommended', 'neon'],
};

// JS/TS rules must not run on package.json, which the JSON block lints.
const NON_SCRIPT_FILES = ['**/*.json', '**/*.jsonc', '**/*.json5'];

interface PresetRules {
  script: RulesRecord;
  json: RulesRecord;
  offInTests: RulesRecord;
  offInMigrations: RulesRecord;
}

function presetRules(preset: PresetName, rules: Record<string, AnyRule>): PresetRules {
  const result: PresetRules = { script: {}, json: {}, offInTests: {}, offInMigrations: {} };
  for (const [name, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (!docs || !PRESET_MEMBERS[preset].includes(docs.recommended)) continue;
    const id = `neon/${name}`;
    const entry: RuleEntry = preset === 'strict' && docs.strictOptions ? ['error', ...docs.strictOptions] : 'error';
    if (docs.language === 'json') {
      result.json[id] = entry;
      continue;
    }
    result.script[id] = entry;
    if (docs.relaxIn?.includes('tests')) result.offInTests[id] = 'off';
    if (docs.relaxIn?.includes('migrations')) result.offInMigrations[id] = 'off';
  }
  return result;
}

/** A flat-config preset: spread it into `eslint.config.js`. It sets no parser. */
export function flatPreset(preset: PresetName, plugin: object, rules: Record<string, AnyRule>, json: unknown): FlatConfig[] {
  const { script, json: jsonRules, offInTests, offInMigrations } = presetRules(preset, rules);
  const configs: FlatConfig[] = [
    { name: `neon/${preset}`, ignores: NON_SCRIPT_FILES, plugins: { neon: plugin }, rules: script },
  ];
  if (Object.keys(offInTests).length > 0) {
    configs.push({ name: `neon/${preset}/tests`, files: [...DEFAULT_TEST_GLOBS], rules: offInTests });
  }
  if (Object.keys(offInMigrations).length > 0) {
    configs.push({ name: `neon/${preset}/migrations`, files: [...DEFAULT_MIGRATION_GLOBS], rules: offInMigrations });
  }
  if (Object.keys(jsonRules).length > 0) {
    configs.push({
      name: `neon/${preset}/package-json`,
      files: ['**/package.json'],
      plugins: { neon: plugin, json },
      language: 'json/json',
      rules: jsonRules,
    });
  }
  return configs;
}

/** An eslintrc preset for ESLint 8 (`extends: ['plugin:neon/legacy-recommended']`). JSON rules need flat config. */
export function legacyPreset(preset: PresetName, rules: Record<string, AnyRule>): LegacyConfig {
  const { script, offInTests, offInMigrations } = presetRules(preset, rules);
  const overrides: LegacyConfig['overrides'] = [];
  if (Object.keys(offInTests).length > 0) overrides.push({ files: [...DEFAULT_TEST_GLOBS], rules: offInTests });
  if (Object.keys(offInMigrations).length > 0) overrides.push({ files: [...DEFAULT_MIGRATION_GLOBS], rules: offInMigrations });
  return { plugins: ['neon'], rules: script, overrides };
}
