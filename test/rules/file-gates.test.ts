import { RuleTester } from '@typescript-eslint/rule-tester';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import noClientOutsideDbModule from '../../rules/no-client-outside-db-module';
import noDdlOutsideMigrations, { mayHaveDdl } from '../../rules/no-ddl-outside-migrations';
import noHardcodedConnectionString from '../../rules/no-hardcoded-connection-string';
import noInsecureSsl from '../../rules/no-insecure-ssl';
import requirePoolErrorListener from '../../rules/require-pool-error-listener';
import { mayHaveClientOptions } from '../../src/estree/client-options';
import { mayConstructClients, mayHaveConfigSites } from '../../src/estree/module-tracking';
import { CATALOG } from '../../src/catalog';
import { mayContainDdl } from '../../src/sql';

/**
 * The rules return no listeners for a file their text gate rules out (most
 * files of a backend). These cases sit right at the gates' edges: each must
 * still be reported, so a gate made too strict fails here.
 */

const ruleTester = new RuleTester();
const pgPool = `import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`;

describe('module mention gates', () => {
  it('let through every module a construction or config site can come from, and nothing else', () => {
    for (const driver of CATALOG) {
      for (const module of driver.modules) {
        const text = `import x from '${module}';`;
        if (driver.constructors.length > 0) expect(mayConstructClients(text), module).toBe(true);
        if ((driver.configSites ?? []).length > 0) expect(mayHaveConfigSites(text), module).toBe(true);
        expect(mayHaveClientOptions(text), module).toBe(driver.constructors.length > 0 || (driver.configSites ?? []).length > 0);
      }
    }
    const unrelated = "import express from 'express';\nexport const app = express();\n";
    expect([mayConstructClients(unrelated), mayHaveConfigSites(unrelated), mayHaveClientOptions(unrelated)]).toEqual([false, false, false]);
  });

  it('answer for the text asked about, not the previous one', () => {
    expect(mayConstructClients("require('pg')")).toBe(true);
    expect(mayConstructClients('const a = 1;')).toBe(false);
    expect(mayConstructClients("require('pg')")).toBe(true);
  });
});

/** The DDL gate's definition, token by token: any builder name, any string that could spell a letter with an escape or holds a hint word. */
function tokensSayDdl(tokens: readonly TSESTree.Token[]): boolean {
  const builderNames = ['createTable', 'dropTable', 'addColumn', 'renameColumn', 'table', 'changeColumn'];
  const strings: string[] = [];
  for (const token of tokens) {
    if (token.type === 'Identifier' && builderNames.includes(token.value)) return true;
    if (token.type !== 'String' && token.type !== 'Template' && token.type !== 'JSXText') continue;
    const cooked = token.value.replace(/\\(?:\r\n|[\n\r]|[nrtbfv'"`\\$])/g, (escape) => (escape.length === 2 && !/[\n\r]/.test(escape[1]) ? ' ' : ''));
    if (cooked.includes('\\')) return true;
    if (builderNames.includes(cooked.slice(1, -1))) return true;
    strings.push(cooked);
  }
  return mayContainDdl(strings);
}

describe('mayHaveDdl', () => {
  // Pieces of programs: hint words and builder names as names, in strings, templates, comments and regular expressions, with and without escapes.
  const WORDS = ['create', 'CREATE', 'Drop', 'select', 'INTO', 'import', 'createTable', 'addColumn', 'table', 'users', 'x', 'ſ', 'é'];
  const STRING_PIECES = [...WORDS, ' ', '\\n', '\\t', '\\\\', '\\x43', '\\u0043', '\\\n', '-', '/', '$'];
  const stringBody = fc.array(fc.constantFrom(...STRING_PIECES), { maxLength: 6 }).map((pieces) => pieces.join(''));
  const expression = fc.oneof(
    stringBody.map((body) => `'${body}'`),
    fc.tuple(stringBody, stringBody).map(([a, b]) => `\`${a.replace(/\$/g, '')}\${x}${b.replace(/\$/g, '')}\``),
    fc.constantFrom('createTable', 'addColumn', 'table', 'select', 'users', 'importx'),
    fc.constantFrom('/create\\d+/g', '/\\x43/'),
  );
  const statement = fc.oneof(
    expression.map((value) => `f(${value});`),
    fc.constantFrom('// CREATE TABLE t\n', '/* \\x43REATE */', "import y from 'z';"),
  );
  const program = fc.array(statement, { maxLength: 6 }).map((statements) => statements.join('\n'));

  it('agrees with reading every token, on generated programs', () => {
    fc.assert(
      fc.property(program, (code) => {
        const { tokens } = parse(code, { tokens: true, range: true });
        expect(mayHaveDdl(code, tokens)).toBe(tokensSayDdl(tokens!));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads only tokens: a hint word in a comment or a regular expression is not DDL', () => {
    const code = "// CREATE TABLE t\nconst pattern = /create|drop/i;\nimport x from 'y';";
    expect(mayHaveDdl(code, parse(code, { tokens: true, range: true }).tokens)).toBe(false);
  });
});

ruleTester.run('no-ddl-outside-migrations (gate)', noDdlOutsideMigrations, {
  valid: [
    // nothing a listener would look at: the rule adds none
    `${pgPool}export async function list() {\n  return pool.query('SELECT id FROM users');\n}`,
  ],
  invalid: [
    {
      name: 'the statement follows an escaped line break',
      code: `${pgPool}await pool.query('SELECT 1;\\nCREATE TABLE audit (id int)');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE audit', more: '' } }],
    },
    {
      name: 'the keyword is spelled with an escape',
      code: `${pgPool}await pool.query('\\x43REATE TABLE audit (id int)');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE audit', more: '' } }],
    },
    {
      name: 'a line continuation inside the keyword',
      code: `${pgPool}await pool.query('CRE\\\nATE TABLE audit (id int)');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'CREATE TABLE audit', more: '' } }],
    },
    {
      name: 'SELECT and INTO in different parts of a template',
      code: `${pgPool}await pool.query(\`SELECT * \${''}INTO archive FROM users\`);`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'SELECT INTO archive', more: '' } }],
    },
    {
      name: 'a schema builder method named by a computed key',
      code: `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nawait db.schema['dropTable']('users');`,
      errors: [{ messageId: 'ddlOutsideMigration', data: { statement: 'DROP TABLE users', more: '' } }],
    },
  ],
});

ruleTester.run('no-hardcoded-connection-string (gate)', noHardcodedConnectionString, {
  valid: [`export const greeting = 'hello';`],
  invalid: [
    {
      name: 'a password in client options, in a file with no URL or DSN marker',
      code: `import { Pool } from 'pg';\nexport const pool = new Pool({ host: 'db.internal', user: 'app', password: 'hunter2-prod-Secret' });`,
      errors: [{ messageId: 'hardcodedPassword' }],
    },
  ],
});

ruleTester.run('no-insecure-ssl (gate)', noInsecureSsl, {
  valid: [`export const ssl = { rejectUnauthorized: false };`],
  invalid: [
    {
      name: 'the TLS variable, in a file that names no client module',
      code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';`,
      errors: [{ messageId: 'tlsRejectUnauthorized' }],
    },
  ],
});

ruleTester.run('no-client-outside-db-module (gate)', noClientOutsideDbModule, {
  valid: [`import { Pool } from './pool';\nexport const pool = new Pool();`],
  invalid: [
    {
      name: 'a client built from a destructured require',
      code: `const { Pool } = require('pg');\nexport const pool = new Pool();`,
      filename: 'src/services/users.ts',
      errors: [{ messageId: 'clientOutsideDbModule' }],
    },
  ],
});

ruleTester.run('require-pool-error-listener (gate)', requirePoolErrorListener, {
  valid: [`import { Pool } from './pool';\nexport const pool = new Pool();`],
  invalid: [
    {
      name: 'a pool from a namespace import',
      code: `import * as pg from 'pg';\nexport const pool = new pg.Pool();`,
      errors: [
        {
          messageId: 'missingErrorListener',
          suggestions: [
            {
              messageId: 'addErrorListener',
              data: { name: 'pool' },
              output: `import * as pg from 'pg';\nexport const pool = new pg.Pool();\npool.on('error', (err: Error) => { console.error('Idle Postgres client error', err); });`,
            },
          ],
        },
      ],
    },
  ],
});
