/**
 * Files ESLint parses fine but that rules rarely meet: JSX/TSX, decorators,
 * .mjs/.cjs, huge template literals, a BOM, CRLF and mixed line endings, a
 * minified line. Each is linted by every rule under every configuration, and
 * where a finding is expected it is asserted at its exact line and column.
 */
import { describe, expect, it } from 'vitest';

import { configsFor, lintOrThrow, newLinter, type ParserName } from './support';

const NEON_URL = 'postgres://alice:S3cretPw@ep-cool-1.us-east-2.aws.neon.tech/neondb';

interface UnusualFile {
  readonly name: string;
  readonly filename: string;
  readonly code: string;
  /** espree cannot read TypeScript; plain JavaScript goes through both parsers */
  readonly parsers: readonly ParserName[];
  /** findings the every-rule configuration must include: the rule, and the text its report starts at (its first occurrence) */
  readonly expected?: readonly (readonly [rule: string, at: string])[];
}

/** ESLint's 1-based line and column of the first `needle`, counting \r\n, \r, \u2028 and \u2029 as one line break each. */
function locate(code: string, needle: string): string {
  const index = code.indexOf(needle);
  if (index === -1) throw new Error(`${needle} is not in the code`);
  const lines = code.slice(0, index).split(/\r\n|[\r\n\u2028\u2029]/);
  return `${lines.length}:${lines.at(-1)!.length + 1}`;
}

const BOTH: readonly ParserName[] = ['typescript-eslint', 'espree'];
const TS: readonly ParserName[] = ['typescript-eslint'];

const SQL_100K = `CREATE TABLE big (\n${Array.from({ length: 5200 }, (_, index) => `  column_${index} text`).join(',\n')}\n)`;

/** One 50k-character line, as a bundler leaves it, with a hard-coded URL at a known column. */
const MINIFIED_PREFIX = Array.from({ length: 1400 }, (_, index) => `var a${index}=function(b){return b+${index}};`).join('');
const MINIFIED = `${MINIFIED_PREFIX}var c=new (require("pg").Pool)({connectionString:"${NEON_URL}"});${'var z=1;'.repeat(400)}`;

const FILES: readonly UnusualFile[] = [
  {
    name: 'a Next.js route in TSX creating a Pool per request',
    filename: 'app/api/users/route.tsx',
    code: [
      "import { Pool } from 'pg';",
      '',
      'export async function GET() {',
      '  const pool = new Pool();',
      "  const { rows } = await pool.query('select * from users');",
      '  return <ul>{rows.map((row: { id: number }) => <li key={row.id}>{row.id}</li>)}</ul>;',
      '}',
      '',
    ].join('\n'),
    parsers: TS,
    expected: [['no-per-request-client', 'new Pool()']],
  },
  {
    name: 'a JSX page component with a generic arrow and fragments',
    filename: 'app/users/page.jsx',
    code: "import { sql } from '@vercel/postgres';\nexport default async function Page() {\n  const { rows } = await sql`select * from users`;\n  return <>{rows.map((row) => <p key={row.id}>{row.name}</p>)}</>;\n}\n",
    parsers: BOTH,
  },
  {
    name: 'a NestJS controller and module with decorators',
    filename: 'src/users/users.module.ts',
    code: [
      "import { Controller, Get, Module } from '@nestjs/common';",
      "import { TypeOrmModule } from '@nestjs/typeorm';",
      "import { Pool } from 'pg';",
      '',
      "@Controller('users')",
      'export class UsersController {',
      '  @Get()',
      '  async findAll(@Query() query: unknown) {',
      '    const pool = new Pool();',
      "    return pool.query('select 1');",
      '  }',
      '}',
      '',
      '@Module({',
      "  imports: [TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, synchronize: true })],",
      '  controllers: [UsersController],',
      '})',
      'export class UsersModule {}',
      '',
    ].join('\n'),
    parsers: TS,
    expected: [
      ['no-per-request-client', 'new Pool()'],
      ['no-schema-sync', 'synchronize: true'],
    ],
  },
  {
    name: 'a TypeORM entity with property decorators',
    filename: 'src/entities/user.entity.ts',
    code: "import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n\n@Entity({ name: 'users' })\nexport class User {\n  @PrimaryGeneratedColumn() id!: number;\n  @Column({ type: 'text', nullable: false }) declare name: string;\n  @Column() accessor email = '';\n}\n",
    parsers: TS,
  },
  {
    name: 'an ES module (.mjs) with top-level await',
    filename: 'scripts/seed.mjs',
    code: `import pg from 'pg';\nconst pool = new pg.Pool({ connectionString: '${NEON_URL}' });\nawait pool.query('select 1');\nexport { pool };\n`,
    parsers: BOTH,
    expected: [['no-hardcoded-connection-string', `'${NEON_URL}'`]],
  },
  {
    name: 'a CommonJS module (.cjs) with a shebang',
    filename: 'bin/migrate.cjs',
    code: `#!/usr/bin/env node\n'use strict';\nconst { Client } = require('pg');\nmodule.exports = () => new Client({ ssl: { rejectUnauthorized: false } });\n`,
    parsers: BOTH,
    expected: [['no-insecure-ssl', 'rejectUnauthorized: false']],
  },
  {
    name: 'a 100k-character SQL template literal',
    filename: 'src/init.ts',
    code: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function init() {\n  await pool.query(\`${SQL_100K}\`);\n}\n`,
    parsers: BOTH,
    expected: [['no-ddl-outside-migrations', 'pool.query(`CREATE']],
  },
  {
    name: 'a BOM before the first import',
    filename: 'src/config.ts',
    code: `\uFEFFimport { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: '${NEON_URL}' });\npool.on('error', () => {});\n`,
    parsers: BOTH,
    expected: [['no-hardcoded-connection-string', `'${NEON_URL}'`]],
  },
  {
    name: 'CRLF line endings',
    filename: 'src/legacy.js',
    code: `const { Pool } = require('pg');\r\n\r\n// the old URL\r\nconst pool = new Pool({\r\n  connectionString: '${NEON_URL}',\r\n});\r\npool.on('error', console.error);\r\nmodule.exports = pool;\r\n`,
    parsers: BOTH,
    expected: [['no-hardcoded-connection-string', `'${NEON_URL}'`]],
  },
  {
    name: 'mixed line endings, a lone CR and a line separator',
    filename: 'src/mixed.js',
    code: `const { Pool } = require('pg');\r\nconst a = 1;\rconst b = '\u2028';\nconst pool = new Pool({ connectionString: '${NEON_URL}' });\npool.on('error', console.error);\n`,
    parsers: BOTH,
    expected: [['no-hardcoded-connection-string', `'${NEON_URL}'`]],
  },
  {
    name: 'a minified 50k-character line',
    filename: 'src/bundle.js',
    code: MINIFIED,
    parsers: BOTH,
    expected: [
      ['no-hardcoded-connection-string', `"${NEON_URL}"`],
      ['require-pool-error-listener', 'new (require'],
    ],
  },
];

describe.each(FILES)('$name', (file) => {
  it.each(file.parsers)('is linted by every rule without a crash (%s)', (parser) => {
    const linter = newLinter();
    for (const { name, config } of configsFor(parser)) {
      const outcome = lintOrThrow(linter, file.code, config, file.filename);
      expect(outcome.parsed, `${name}: ${JSON.stringify(outcome.messages[0])}`).toBe(true);
      if (name !== 'every rule, runtime node' || !file.expected) continue;
      const found = outcome.messages.map((message) => `${message.ruleId}:${message.line}:${message.column}`);
      const expected = file.expected.map(([rule, at]) => `neon/${rule}:${locate(file.code, at)}`);
      expect(found).toEqual(expect.arrayContaining(expected));
    }
  });
});

it('the minified line and the SQL literal are as long as promised', () => {
  expect(MINIFIED.length).toBeGreaterThan(50_000);
  expect(MINIFIED).not.toContain('\n');
  expect(SQL_100K.length).toBeGreaterThan(100_000);
});
