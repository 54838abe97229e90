import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src';
import { extractExamples, type Example } from './support/markdown';

/** docs/good-vs-bad.md: with the whole `neon` preset, as a user would lint, every ❌ block reports and no ✅ block does. */

const root = path.resolve(__dirname, '..');
const markdown = fs.readFileSync(path.join(root, 'docs/good-vs-bad.md'), 'utf8');
const examples = extractExamples(markdown);

const config: Linter.Config[] = [
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser as never } },
  ...(plugin.configs.neon as Linter.Config[]),
];

function lint(example: Example): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  return linter.verify(example.code, config, { filename: path.join(root, example.filename) });
}

function label(example: Example): string {
  return `${example.expect === 'report' ? '❌' : '✅'} line ${example.line} (${example.filename})`;
}

describe('docs/good-vs-bad.md', () => {
  it('pairs a ❌ and a ✅ example under each pattern', () => {
    const sections = markdown.split(/^## /m).slice(1).filter((section) => !section.startsWith('The migrations-first flow'));
    expect(sections).toHaveLength(10);
    for (const section of sections) {
      const found = extractExamples(section);
      expect(found.map((example) => example.expect), section.split('\n')[0]).toEqual(expect.arrayContaining(['report', 'clean']));
    }
  });

  it.each(examples.map((example) => [label(example), example] as const))('%s', (_label, example) => {
    const messages = lint(example);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const findings = messages.filter((message) => message.ruleId?.startsWith('neon/'));
    if (example.expect === 'report') expect(findings.length).toBeGreaterThan(0);
    else expect(findings.map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([]);
  });
});
