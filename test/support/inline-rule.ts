import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

/**
 * Runs a callback with a real rule context over `code`: the way unit tests of
 * `src/` helpers see exactly what a rule sees, from the real parser.
 */
export function withRuleContext<T>(
  code: string,
  inspect: (context: Readonly<TSESLint.RuleContext<string, unknown[]>>) => T,
  options: { filename?: string; parser?: 'typescript' | 'espree' } = {},
): T {
  let result: T | undefined;
  let ran = false;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        languageOptions: {
          ecmaVersion: 'latest',
          sourceType: 'module',
          ...(options.parser === 'espree' ? {} : { parser: tsParser as never }),
        },
        plugins: {
          probe: {
            rules: {
              inspect: {
                create(context: never) {
                  return {
                    'Program:exit'() {
                      result = inspect(context);
                      ran = true;
                    },
                  };
                },
              },
            },
          },
        },
        rules: { 'probe/inspect': 'error' },
      },
    ],
    { filename: options.filename ?? 'file.ts' },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!ran) throw new Error('the probe rule did not run');
  return result as T;
}
