import fs from 'node:fs';
import path from 'node:path';
import json from '@eslint/json';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src';
import { extractExamples, type Example } from './support/markdown';

const root = path.resolve(__dirname, '..');
const docsDir = path.join(root, 'docs/rules');

function lint(ruleName: string, example: Example): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const ruleId = `neon/${ruleName}`;
  const config: Linter.Config[] =
    example.lang === 'json'
      ? [{ files: ['**/*.json'], plugins: { neon: plugin as never, json: json as never }, language: 'json/json', rules: { [ruleId]: 'error' } }]
      : [
          {
            files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
            plugins: { neon: plugin as never },
            languageOptions: {
              ecmaVersion: 'latest',
              sourceType: 'module',
              ...(example.lang.startsWith('ts') ? { parser: tsParser as never } : {}),
              parserOptions: { ecmaFeatures: { jsx: example.lang.endsWith('x') } },
            },
            rules: { [ruleId]: 'error' },
          },
        ];
  return linter.verify(example.code, config, { filename: path.join(root, example.filename) });
}

const docFiles = fs.readdirSync(docsDir).filter((file) => file.endsWith('.md'));

describe.each(docFiles)('docs/rules/%s', (file) => {
  const name = file.slice(0, -3);
  const markdown = fs.readFileSync(path.join(docsDir, file), 'utf8');
  const examples = extractExamples(markdown);

  it('documents a rule of the plugin, with the required sections', () => {
    expect(Object.keys(plugin.rules)).toContain(name);
    expect(markdown).toContain('<!-- end auto-generated rule header -->');
    // eslint-doc-generator requires an Options section exactly when the rule has options.
    const schema = (plugin.rules as Record<string, { meta: { schema?: unknown } }>)[name].meta.schema;
    const hasOptions = Array.isArray(schema) ? schema.length > 0 : Boolean(schema);
    expect(/^## Options$/m.test(markdown)).toBe(hasOptions);
    expect(markdown).toMatch(/^## When not to use it$/m);
    expect(examples.some((example) => example.expect === 'report')).toBe(true);
    expect(examples.some((example) => example.expect === 'clean')).toBe(true);
  });

  it.each(examples.map((example) => [`${example.expect === 'report' ? '❌' : '✅'} line ${example.line}`, example] as const))(
    '%s',
    (_label, example) => {
      const messages = lint(name, example);
      expect(messages.filter((message) => message.fatal)).toEqual([]);
      const findings = messages.filter((message) => message.ruleId === `neon/${name}`);
      if (example.expect === 'report') expect(findings.length).toBeGreaterThan(0);
      else expect(findings).toEqual([]);
    },
  );
});
