import { describe, expect, it } from 'vitest';

import { compilePrefilter, RULE_TRIGGERS } from '../../codemods/lib/prefilter';

describe('compilePrefilter', () => {
  const mentionsRuleTrigger = compilePrefilter([RULE_TRIGGERS]);

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
