import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

import { walkSourceFiles } from '../../codemods/lib/files';
import { createNeonLinter } from '../../codemods/lib/lint';
import { compilePrefilter, MIGRATION_FILE_TRIGGERS, RULE_TRIGGERS } from '../../codemods/lib/prefilter';
import { matchesGlobs } from '../../src/project/files';
import { readNeonSettings } from '../../src/project/settings';

const REPO = path.resolve(__dirname, '../..');
const mentionsRuleTrigger = compilePrefilter([RULE_TRIGGERS]);

describe('compilePrefilter', () => {
  it.each([
    ["import { Pool } from 'pg';"],
    ['const { Client } = require("pg")'],
    ["import { drizzle } from 'drizzle-orm/node-postgres';"],
    ['const sql = await import(`postgres`);'],
    ["const url = 'postgresql://u@h/db';"],
    ['db.query(`CREATE\n   TABLE users (id int)`)'],
    ["await sql.unsafe('alter table t add column c int')"],
    ['new DataSource({ synchronize: true })'],
    ['await sequelize.sync({ force: true })'],
    ["process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'"],
    ["execSync('npx prisma db push')"],
    ['await knex.schema.createTable("t", () => {})'],
  ])('passes %j', (text) => {
    expect(mentionsRuleTrigger(text)).toBe(true);
  });

  it.each([
    ["import sharp from 'sharp'; const out = 'photo.jpg';"],
    ['await upgrade(); // pg is not mentioned as a module'],
    ["import { Pool } from 'pg-pool-like';"],
    ['export const create = (table: string) => table;'],
    ["const url = 'https://example.com/postgres-guide';"],
  ])('rejects %j', (text) => {
    expect(mentionsRuleTrigger(text)).toBe(false);
  });

  it('uses the union of several transforms\' triggers', () => {
    const mentions = compilePrefilter([{ text: ['client.release'] }, { modules: ['knex'] }]);
    expect(mentions('client.release()')).toBe(true);
    expect(mentions("require('knex')")).toBe(true);
    expect(mentions("require('pg')")).toBe(false);
  });

  it('escapes regular expression characters in triggers', () => {
    const mentions = compilePrefilter([{ text: ['.sync('] }]);
    expect(mentions('model.sync()')).toBe(true);
    expect(mentions('modelxsyncx')).toBe(false);
  });

  it('keeps every trigger when one is a prefix of another, in any case', () => {
    const mentions = compilePrefilter([{ text: ['drop schema', 'dropSchema', 'drop'] }, { text: ['Create Table'] }]);
    expect(mentions('DROP')).toBe(true);
    expect(mentions('create\ttable x')).toBe(true);
    expect(mentions('CREATE TABLESPACE')).toBe(true);
    expect(mentions('created a table')).toBe(false);
  });

  it('matches module names case-sensitively', () => {
    expect(compilePrefilter([{ modules: ['pg'] }])("require('PG')")).toBe(false);
  });

  it('matches nothing without triggers', () => {
    expect(compilePrefilter([])('anything')).toBe(false);
  });
});

describe('MIGRATION_FILE_TRIGGERS', () => {
  const mentionsMigrationTrigger = compilePrefilter([MIGRATION_FILE_TRIGGERS]);
  const settings = readNeonSettings({});

  it('lets a migration through for what can still be reported there, not for its DDL', () => {
    expect(mentionsMigrationTrigger('exports.up = (pgm) => pgm.sql("CREATE TABLE users (id serial)");')).toBe(false);
    expect(mentionsMigrationTrigger('await knex.schema.createTable("t", () => {}); await queryRunner.query("ALTER TABLE t")')).toBe(false);
    expect(mentionsMigrationTrigger("const db = new Client('postgres://app:secret@db.example.com/app'); await db.query('CREATE TABLE t (id int)');")).toBe(true);
    expect(mentionsMigrationTrigger("import { Pool } from 'pg';")).toBe(true);
  });

  // What the pre-filters skip, the rules would not have reported: every fixture and a synthetic backend with many BAD patterns.
  it('skip only files on which the plugin reports nothing', async () => {
    const corpus = (await import(pathToFileURL(path.join(REPO, 'bench/corpus.mjs')).href)) as {
      buildCorpus(options: { size: number; seed: number; badDensity: number }): { files: { path: string; source: string }[] };
    };
    const synthetic = corpus.buildCorpus({ size: 400, seed: 11, badDensity: 0.2 }).files.map((file) => ({ filename: path.join(REPO, '.synthetic', file.path), text: file.source }));
    const fixtures = walkSourceFiles([path.join(REPO, 'fixtures')], {}).files.map((filename) => ({ filename, text: fs.readFileSync(filename, 'utf8') }));
    const linter = createNeonLinter({ cwd: REPO });
    const skipped = { all: 0, migrations: 0, prismaTypeImports: 0 };
    for (const { filename, text } of [...fixtures, ...synthetic]) {
      const migration = matchesGlobs(filename, REPO, settings.migrations);
      if (mentionsRuleTrigger(text) && (!migration || mentionsMigrationTrigger(text))) continue;
      skipped.all++;
      if (migration && mentionsRuleTrigger(text)) skipped.migrations++;
      if (text.includes('@prisma/client')) skipped.prismaTypeImports++;
      expect(linter.lint(text, filename).messages, path.relative(REPO, filename)).toEqual([]);
    }
    expect(skipped.all).toBeGreaterThan(200);
    // Among them, migrations the DDL alone would have had parsed, and files that import Prisma only for its types.
    expect(skipped.migrations).toBeGreaterThan(10);
    expect(skipped.prismaTypeImports).toBeGreaterThan(0);
  });
});
