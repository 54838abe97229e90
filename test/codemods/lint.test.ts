import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { createNeonLinter, findClientConstructions } from '../../codemods/lib/lint';

const ROOT = '/project';
const PER_REQUEST = [
  "import express from 'express';",
  "import { Pool } from 'pg';",
  'const app = express();',
  "app.get('/', async (_req, res) => {",
  '  const pool = new Pool();',
  "  res.json(await pool.query('select 1'));",
  '});',
  '',
].join('\n');

describe('createNeonLinter', () => {
  const linter = createNeonLinter({ cwd: ROOT, ruleIds: ['neon/no-per-request-client'] });

  it('returns the rule messages with their range and report data', () => {
    const { messages, fatal } = linter.lint(PER_REQUEST, path.join(ROOT, 'src/server.ts'));
    expect(fatal).toBeUndefined();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      ruleId: 'neon/no-per-request-client',
      messageId: 'perRequestClient',
      line: 5,
      column: 16,
      endLine: 5,
      endColumn: 26,
      data: { display: 'new Pool()', module: 'pg' },
    });
  });

  it('parses JavaScript with JSX and CommonJS files too', () => {
    const jsx = `${PER_REQUEST}export const Page = () => <div />;\n`;
    expect(linter.lint(jsx, path.join(ROOT, 'src/server.js')).messages.map((message) => message.line)).toEqual([5]);
    const commonjs = PER_REQUEST.replace("import express from 'express';", "const express = require('express');").replace(
      "import { Pool } from 'pg';",
      "const { Pool } = require('pg');",
    );
    expect(linter.lint(commonjs, path.join(ROOT, 'src/server.cjs')).messages.map((message) => message.line)).toEqual([5]);
  });

  it('relaxes the rule in test files as the presets do', () => {
    expect(linter.lint(PER_REQUEST, path.join(ROOT, 'test/server.test.ts')).messages).toEqual([]);
  });

  it('reports a parse error as fatal', () => {
    expect(linter.lint('const x = ;', path.join(ROOT, 'src/a.ts'))).toEqual({
      messages: [],
      fatal: { line: 1, column: 10, message: 'Parsing error: Expression expected.' },
    });
  });

  it('runs only the selected rules, and ignores inline config for other plugins', () => {
    const other = createNeonLinter({ cwd: ROOT, ruleIds: ['neon/no-schema-sync'] });
    expect(other.lint(PER_REQUEST, path.join(ROOT, 'src/server.ts')).messages).toEqual([]);
    const withComment = `/* eslint unknown-plugin/rule: "error" */\n${PER_REQUEST}`;
    expect(linter.lint(withComment, path.join(ROOT, 'src/server.ts')).messages.map((message) => message.ruleId)).toEqual([
      'neon/no-per-request-client',
    ]);
  });
});

describe('findClientConstructions', () => {
  it('finds constructions through aliases, namespaces and require, whatever the file role', () => {
    const code = [
      "import { Pool as PgPool } from 'pg';",
      "import * as typeorm from 'typeorm';",
      "const postgres = require('postgres');",
      'export const pool = new PgPool();',
      "export const sql = postgres(process.env.DATABASE_URL);",
      'export default new typeorm.DataSource({ type: "postgres" });',
      '',
    ].join('\n');
    expect(findClientConstructions(code, path.join(ROOT, 'test/ormconfig.ts'), ROOT)).toEqual([
      { line: 4, column: 21, display: 'new Pool()', driverId: 'pg' },
      { line: 5, column: 20, display: 'postgres()', driverId: 'postgres' },
      { line: 6, column: 16, display: 'new DataSource()', driverId: 'typeorm' },
    ]);
  });

  it('ignores look-alikes: the same names from other modules, shadowed bindings, and CommonJS files parse as CommonJS', () => {
    const lookAlikes = [
      "import { Pool } from 'generic-pool';",
      "import { DataSource } from './data';",
      'export const pool = new Pool();',
      'export const source = new DataSource();',
      "export function make(postgres: (url: string) => unknown) { return postgres('x'); }",
      '',
    ].join('\n');
    expect(findClientConstructions(lookAlikes, path.join(ROOT, 'src/pool.ts'), ROOT)).toEqual([]);
    const commonjs = "const { Client } = require('pg');\nmodule.exports = new Client();\n";
    expect(findClientConstructions(commonjs, path.join(ROOT, 'src/db.cjs'), ROOT)).toEqual([{ line: 2, column: 18, display: 'new Client()', driverId: 'pg' }]);
  });

  it('finds none in a file that does not parse', () => {
    expect(findClientConstructions("import { Pool } from 'pg';\nnew Pool(;\n", path.join(ROOT, 'src/broken.ts'), ROOT)).toEqual([]);
  });
});
