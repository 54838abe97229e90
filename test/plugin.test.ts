import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import plugin from '../src';
import { rules } from '../rules';

const root = path.resolve(__dirname, '..');
const ruleFiles = fs
  .readdirSync(path.join(root, 'rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -3))
  .sort();

describe('the plugin object', () => {
  it('lists exactly the rule files, in alphabetical order', () => {
    expect(Object.keys(rules)).toEqual(ruleFiles);
  });

  it('carries meta from package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(plugin.meta).toEqual({ name: 'eslint-plugin-neon', version: pkg.version });
  });

  describe.each(ruleFiles)('rule %s', (name) => {
    const rule = (rules as Record<string, (typeof plugin.rules)[keyof typeof plugin.rules]>)[name];
    const docs = rule.meta.docs as unknown as { description: string; url: string; recommended: string };

    it('has a description in house style, a docs URL, a preset, a test and a doc page', () => {
      expect(docs.description).toMatch(/^(Disallow|Require|Enforce) /);
      expect(docs.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(['recommended', 'strict', 'neon']).toContain(docs.recommended);
      expect(fs.existsSync(path.join(root, 'test/rules', `${name}.test.ts`))).toBe(true);
      expect(fs.existsSync(path.join(root, 'docs/rules', `${name}.md`))).toBe(true);
    });

    it('describes every option', () => {
      const schema = rule.meta.schema;
      const items = Array.isArray(schema) ? schema : schema ? [schema] : [];
      for (const item of items as { properties?: Record<string, { description?: string }> }[]) {
        for (const [option, definition] of Object.entries(item.properties ?? {})) {
          expect(definition.description, `${name}: option ${option}`).toBeTruthy();
        }
      }
    });
  });
});

describe('presets', () => {
  const membership = (preset: 'recommended' | 'strict' | 'neon') =>
    plugin.configs[preset].flatMap((block) => Object.entries(block.rules).filter(([, level]) => level !== 'off').map(([id]) => id));
  const byPreset = (...groups: string[]) =>
    ruleFiles
      .filter((name) => groups.includes((rules as Record<string, { meta: { docs?: { recommended?: string } } }>)[name].meta.docs!.recommended!))
      .map((name) => `neon/${name}`)
      .sort();

  it('derives recommended, strict and neon from meta.docs.recommended', () => {
    expect([...new Set(membership('recommended'))].sort()).toEqual(byPreset('recommended'));
    expect([...new Set(membership('strict'))].sort()).toEqual(byPreset('recommended', 'strict'));
    expect([...new Set(membership('neon'))].sort()).toEqual(byPreset('recommended', 'neon'));
  });

  it('relaxes rules in tests and migrations by ignoring those files, never by turning rules off', () => {
    const levels = plugin.configs.recommended.flatMap((block) => Object.values(block.rules));
    expect(levels.every((level) => level !== 'off')).toBe(true);
    const outsideTests = plugin.configs.recommended.find((block) => block.name === 'neon/recommended/outside-tests');
    expect(outsideTests?.ignores).toEqual(expect.arrayContaining(['**/*.test.*', 'test/**']));
    for (const preset of ['recommended', 'strict', 'neon'] as const) {
      const overrides = plugin.configs[`legacy-${preset}`].overrides;
      expect(overrides.every((override) => Object.values(override.rules).every((level) => level === 'off'))).toBe(true);
    }
  });

  it('sets no parser, so they work on plain JS and with any TS setup', () => {
    for (const preset of ['recommended', 'strict', 'neon'] as const) {
      for (const block of plugin.configs[preset]) expect(block).not.toHaveProperty('languageOptions');
    }
  });

  it('has eslintrc twins with the same script rules', () => {
    for (const preset of ['recommended', 'strict', 'neon'] as const) {
      const legacy = plugin.configs[`legacy-${preset}`];
      expect(legacy.plugins).toEqual(['neon']);
      const scriptRules = plugin.configs[preset].filter((block) => !block.language).map((block) => block.rules);
      expect(legacy.rules).toEqual(Object.assign({}, ...scriptRules));
    }
  });
});

describe('the built package', () => {
  // `npm test` builds first (pretest); the package resolves its own name from the repository root.
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

  it('loads with require()', () => {
    const out = run(['-e', "const p = require('eslint-plugin-neon'); console.log(JSON.stringify([p.meta.name, Object.keys(p.rules), Object.keys(p.configs)]))"]);
    expect(JSON.parse(out)).toEqual([
      'eslint-plugin-neon',
      ruleFiles,
      ['recommended', 'legacy-recommended', 'strict', 'legacy-strict', 'neon', 'legacy-neon'],
    ]);
  });

  it('loads with import', () => {
    const out = run([
      '--input-type=module',
      '-e',
      "import neon from 'eslint-plugin-neon'; const again = await import('eslint-plugin-neon'); console.log(JSON.stringify([neon.meta.name, Object.keys(neon.rules), again.default === neon]))",
    ]);
    expect(JSON.parse(out)).toEqual(['eslint-plugin-neon', ruleFiles, true]);
  });

  it('ships type declarations', () => {
    expect(fs.existsSync(path.join(root, 'dist/src/index.d.ts'))).toBe(true);
  });
});
