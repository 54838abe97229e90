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

type Relaxation = NonNullable<NeonDocs['relaxIn']>[number];

interface PresetRules {
  /** script rules grouped by the file kinds they are relaxed in ('' = none) */
  script: Map<string, RulesRecord>;
  json: RulesRecord;
}

function relaxationKey(relaxIn: readonly Relaxation[] | undefined): string {
  return [...new Set(relaxIn ?? [])].sort().join('+');
}

function presetRules(preset: PresetName, rules: Record<string, AnyRule>): PresetRules {
  const result: PresetRules = { script: new Map(), json: {} };
  for (const [name, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (!docs || !PRESET_MEMBERS[preset].includes(docs.recommended)) continue;
    const id = `neon/${name}`;
    const entry: RuleEntry = preset === 'strict' && docs.strictOptions ? ['error', ...docs.strictOptions] : 'error';
    if (docs.language === 'json') {
      result.json[id] = entry;
      continue;
    }
    const key = relaxationKey(docs.relaxIn);
    const group = result.script.get(key) ?? {};
    group[id] = entry;
    result.script.set(key, group);
  }
  return result;
}

const RELAXED_GLOBS: Record<Relaxation, readonly string[]> = {
  tests: DEFAULT_TEST_GLOBS,
  migrations: DEFAULT_MIGRATION_GLOBS,
};

/**
 * A flat-config preset: spread it into `eslint.config.js`. It sets no parser.
 * Rules relaxed in tests or migrations sit in blocks that ignore those files
 * (rather than later blocks turning them off), so tools that merge a preset's
 * blocks, such as eslint-doc-generator, still see them enabled.
 */
export function flatPreset(preset: PresetName, plugin: object, rules: Record<string, AnyRule>, json: unknown): FlatConfig[] {
  const { script, json: jsonRules } = presetRules(preset, rules);
  const configs: FlatConfig[] = [];
  for (const [key, group] of [...script].sort(([a], [b]) => a.length - b.length || a.localeCompare(b))) {
    const relaxedIn = key ? (key.split('+') as Relaxation[]) : [];
    configs.push({
      name: relaxedIn.length > 0 ? `neon/${preset}/outside-${relaxedIn.join('-and-')}` : `neon/${preset}`,
      ignores: [...NON_SCRIPT_FILES, ...relaxedIn.flatMap((kind) => RELAXED_GLOBS[kind])],
      plugins: { neon: plugin },
      rules: group,
    });
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
  const { script } = presetRules(preset, rules);
  const all: RulesRecord = {};
  const overrides = new Map<Relaxation, RulesRecord>();
  for (const [key, group] of script) {
    Object.assign(all, group);
    for (const kind of key ? (key.split('+') as Relaxation[]) : []) {
      const off = overrides.get(kind) ?? {};
      for (const id of Object.keys(group)) off[id] = 'off';
      overrides.set(kind, off);
    }
  }
  return {
    plugins: ['neon'],
    rules: all,
    overrides: [...overrides].map(([kind, off]) => ({ files: [...RELAXED_GLOBS[kind]], rules: off })),
  };
}
