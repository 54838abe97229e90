import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src';

const cwd = path.join(__dirname, '../../fixtures/rules/ddl');
const RULE = 'neon/no-ddl-outside-migrations';

/** Lints the fixture project the way a user's `eslint.config.js` with the `recommended` preset would. */
async function findings(): Promise<string[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{js,ts}'], languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' } },
      ...(plugin.configs.recommended as Linter.Config[]),
    ],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((result) => {
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`${result.filePath}: ${fatal.message}`);
    const file = path.relative(cwd, result.filePath).split(path.sep).join('/');
    // Other rules of the preset have their own suites; this one pins the DDL findings.
    return result.messages
      .filter((message) => message.ruleId === RULE)
      .map((message) => `${file}:${message.line}:${message.column} ${message.message.slice(0, message.message.indexOf('` '))}\``);
  });
}

describe('no-ddl-outside-migrations on a project tree', () => {
  it('reports the DDL run by app code and scripts, nothing in migrations, tests or look-alikes', async () => {
    expect((await findings()).sort()).toEqual(
      [
        // the startup initDb(): a const reaches pool.query; the temp table, the DML and the log message do not count
        'src/db.ts:17:11 `CREATE TABLE users`',
        // a schema per tenant, named at run time
        'src/tenants.ts:6:9 `CREATE SCHEMA ${…}`',
        // Sequelize query interface after describeTable, knex builder after hasTable
        'src/bootstrap.js:10:11 `ALTER TABLE users`',
        'src/knex-app.js:7:9 `CREATE TABLE sessions`',
        // a setup script loops over its statements
        'scripts/setup-db.ts:9:9 `CREATE TABLE posts`',
        // migrations/ by path; db/changes (knex) and src/entities (TypeORM) by shape; test/ by the preset;
        // src/search.ts is Elasticsearch, MongoDB and GraphQL; helpers in packages/db/src/predefinedMigrations
        // and packages/schemas/alterations/utils are migrations by folder; packages/shop-test-utils and
        // src/testing are tests by folder; scripts/database/seed.ts only creates the seed runner's history table
      ].sort(),
    );
  });
});
