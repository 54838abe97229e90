import type { TSESLint } from '@typescript-eslint/utils';

import { rules } from '../rules';
import { flatPreset, legacyPreset, type FlatConfig, type LegacyConfig } from './configs';
import { PLUGIN_NAME, PLUGIN_VERSION } from './meta';

interface Configs {
  readonly recommended: FlatConfig[];
  readonly strict: FlatConfig[];
  readonly neon: FlatConfig[];
  readonly 'legacy-recommended': LegacyConfig;
  readonly 'legacy-strict': LegacyConfig;
  readonly 'legacy-neon': LegacyConfig;
}

interface NeonPlugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly rules: Record<keyof typeof rules, TSESLint.RuleModule<string, readonly unknown[]>>;
  readonly configs: Configs;
}

const configs = {} as Configs;
const plugin: NeonPlugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION },
  rules: rules as NeonPlugin['rules'],
  configs,
};

// Flat presets load @eslint/json for the package.json block; eslintrc users never pay for it.
const flatCache = new Map<string, FlatConfig[]>();
for (const preset of ['recommended', 'strict', 'neon'] as const) {
  Object.defineProperty(configs, preset, {
    enumerable: true,
    get() {
      let config = flatCache.get(preset);
      if (!config) {
        const json = (require('@eslint/json') as { default: unknown }).default;
        config = flatPreset(preset, plugin, rules, json);
        flatCache.set(preset, config);
      }
      return config;
    },
  });
  Object.defineProperty(configs, `legacy-${preset}`, { enumerable: true, value: legacyPreset(preset, rules) });
}

export = plugin;
