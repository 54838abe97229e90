import path from 'node:path';
import { describe, expect, it } from 'vitest';

import plugin from '../src';

const fixture = path.resolve(__dirname, '../fixtures/eslint-versions');

interface Finding {
  file: string;
  line: number;
  ruleId: string | null;
  fatal: boolean;
}

interface LintResultLike {
  filePath: string;
  messages: { line: number; ruleId: string | null; fatal?: boolean }[];
}

function findings(results: LintResultLike[]): Finding[] {
  return results
    .flatMap((result) =>
      result.messages.map((message) => ({
        file: path.relative(fixture, result.filePath),
        line: message.line,
        ruleId: message.ruleId,
        fatal: Boolean(message.fatal),
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || String(a.ruleId).localeCompare(String(b.ruleId)));
}

// The same findings from every supported major; the parse error is ESLint's own, never a crash in the plugin.
const expected: Finding[] = [
  { file: 'src/broken.js', line: 3, ruleId: null, fatal: true },
  { file: 'src/db.js', line: 4, ruleId: 'neon/no-hardcoded-connection-string', fatal: false },
  { file: 'src/db.js', line: 5, ruleId: 'neon/no-insecure-ssl', fatal: false },
];

const languageOptions = { ecmaVersion: 2022, sourceType: 'commonjs' } as const;

describe('supported ESLint majors', () => {
  it('ESLint 10 with the flat preset', async () => {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: fixture, overrideConfigFile: true, overrideConfig: [{ languageOptions }, ...plugin.configs.recommended] as never });
    expect(findings(await eslint.lintFiles(['src', 'test']))).toEqual(expected);
  });

  it('ESLint 9 with the flat preset', async () => {
    const { ESLint } = (await import('eslint-v9')) as unknown as typeof import('eslint');
    const eslint = new ESLint({ cwd: fixture, overrideConfigFile: true, overrideConfig: [{ languageOptions }, ...plugin.configs.recommended] as never });
    expect(findings(await eslint.lintFiles(['src', 'test']))).toEqual(expected);
  });

  it('ESLint 8.57 with the eslintrc preset', async () => {
    // eslint-v8 has no types of its own here; its API is the legacy ESLint class.
    // @ts-expect-error -- untyped alias package
    const { ESLint } = (await import('eslint-v8')) as unknown as {
      ESLint: new (options: object) => { lintFiles(patterns: string[]): Promise<LintResultLike[]> };
    };
    const eslint = new ESLint({
      cwd: fixture,
      useEslintrc: false,
      plugins: { neon: plugin },
      overrideConfig: {
        ...plugin.configs['legacy-recommended'],
        parserOptions: { ecmaVersion: 2022, sourceType: 'script' },
        env: { node: true, es2022: true },
      },
    });
    expect(findings(await eslint.lintFiles(['src', 'test']))).toEqual(expected);
  });
});
