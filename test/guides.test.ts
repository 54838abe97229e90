import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

import plugin from '../src';
import { DEFAULT_DB_MODULE_GLOBS, DEFAULT_MIGRATION_GLOBS, DEFAULT_TEST_GLOBS, SCRIPT_GLOBS } from '../src/project/settings';

const root = path.resolve(__dirname, '..');
const require = createRequire(__filename);

function fencedBlocks(markdown: string, lang: string): string[] {
  const pattern = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm');
  return [...markdown.matchAll(pattern)].map((match) => match[1]);
}

describe('docs/guides/ci-gate.md', () => {
  const markdown = fs.readFileSync(path.join(root, 'docs/guides/ci-gate.md'), 'utf8');
  const [workflow] = fencedBlocks(markdown, 'yaml');

  it('shows a GitHub Actions workflow that is valid YAML', () => {
    const documents = parseAllDocuments(workflow);
    expect(documents).toHaveLength(1);
    expect(documents[0].errors).toEqual([]);
    const job = documents[0].toJS().jobs.eslint;
    const commands = job.steps.map((step: { run?: string }) => step.run).filter(Boolean);
    expect(commands).toContain('npm ci');
    expect(commands.some((run: string) => run.includes('--max-warnings 0') && run.includes('--cache'))).toBe(true);
    expect(commands.some((run: string) => run.includes('--format @microsoft/eslint-formatter-sarif'))).toBe(true);
    expect(job.steps.some((step: { uses?: string }) => step.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
  });

  it('shows a migrations workflow that applies the migrations over the direct URL before the tests', () => {
    const [, migrations] = fencedBlocks(markdown, 'yaml');
    const documents = parseAllDocuments(migrations);
    expect(documents[0].errors).toEqual([]);
    const steps: { run?: string; env?: Record<string, string> }[] = documents[0].toJS().jobs.migrate.steps;
    const migrate = steps.findIndex((step) => step.run === 'npm run db:migrate');
    expect(migrate).toBeGreaterThan(-1);
    expect(steps[migrate].env?.DATABASE_URL_UNPOOLED).toMatch(/outputs\.db_url \}\}$/);
    expect(steps.findIndex((step) => step.run === 'npm test')).toBeGreaterThan(migrate);
  });

  it('uses a SARIF formatter that accepts the plugin findings on the demo app', async () => {
    const cwd = path.join(root, 'fixtures/projects/express-pg');
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as never } }, ...(plugin.configs.neon as never[])],
    });
    const results = await eslint.lintFiles(['.']);
    const findings = results.reduce((sum, result) => sum + result.messages.length, 0);
    expect(findings).toBeGreaterThan(0);
    const format = require('@microsoft/eslint-formatter-sarif') as (results: ESLint.LintResult[], data: unknown) => string;
    const sarif = JSON.parse(format(results, { rulesMeta: eslint.getRulesMetaForResults(results) }));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(findings);
    expect(sarif.runs[0].results.every((result: { ruleId: string }) => result.ruleId.startsWith('neon/'))).toBe(true);
  });
});

describe('docs/guides/getting-started.md', () => {
  const markdown = fs.readFileSync(path.join(root, 'docs/guides/getting-started.md'), 'utf8');
  /** The globs listed on the `- <label>` line of the default globs. */
  const listed = (label: string) => {
    const line = markdown.split('\n').find((text) => text.startsWith(`- ${label}`)) ?? '';
    return [...line.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
  };

  it('lists the default globs the rules and presets use', () => {
    expect(listed('tests')).toEqual(DEFAULT_TEST_GLOBS);
    expect(listed('migrations')).toEqual(DEFAULT_MIGRATION_GLOBS);
    expect(listed('dbModule')).toEqual(DEFAULT_DB_MODULE_GLOBS);
    expect(listed('scripts and seeds')).toEqual(SCRIPT_GLOBS);
  });
});
