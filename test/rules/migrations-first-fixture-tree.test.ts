import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src';

const cwd = path.join(__dirname, '../../fixtures/rules/migrations-first');
const RULES = ['neon/no-schema-sync', 'neon/no-schema-push-in-scripts', 'neon/migrations-use-direct-url'];

/** Lints the fixture project the way a user's `eslint.config.js` with the `neon` preset would. */
async function findings(): Promise<string[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
      ...(plugin.configs.neon as Linter.Config[]),
    ],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((result) => {
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`${result.filePath}: ${fatal.message}`);
    const file = path.relative(cwd, result.filePath).split(path.sep).join('/');
    // Other rules of the preset have their own suites; this one pins the migrations-first rules.
    return result.messages
      .filter((message) => message.ruleId !== null && RULES.includes(message.ruleId))
      .map((message) => `${file}:${message.line}:${message.ruleId}`);
  });
}

describe('migrations-first rules on a project tree', () => {
  it('reports exactly the schema syncs, lifecycle pushes and pooled migration URLs', async () => {
    expect((await findings()).sort()).toEqual(
      [
        // `build` reaches `db:push` through `npm run`; `dev` and `db:reset` are developer scripts.
        'package.json:6:neon/no-schema-push-in-scripts',
        'packages/web/package.json:4:neon/no-schema-push-in-scripts',
        // the TypeORM CLI data source: synchronize, and a pooled URL for migrations
        'src/data-source.ts:5:neon/migrations-use-direct-url',
        'src/data-source.ts:6:neon/no-schema-sync',
        // `alter: true` even though the dev-only sync above it is allowed
        'src/server.js:10:neon/no-schema-sync',
        // drizzle.config reads the pooled URL; knexfile reads the direct one first
        'drizzle.config.ts:6:neon/migrations-use-direct-url',
        // test/setup.ts and migrations/reset.ts are relaxed by the preset; src/db.ts is app code
      ].sort(),
    );
  });
});
