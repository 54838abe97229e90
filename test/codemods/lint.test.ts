import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { createNeonLinter } from '../../codemods/lib/lint';

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
