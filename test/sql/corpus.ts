/**
 * The corpus for the differential tests: the hand-written cases of
 * fixtures/sql/tricky.sql, and SQL generated from statement templates with a
 * seeded generator that varies names, literals, letter case, whitespace and
 * comments, leading parentheses, WITH clauses, statement lists and
 * template-literal holes. Every entry is valid for PostgreSQL's parser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CorpusEntry {
  readonly name: string;
  /** a string, or template parts with a hole between each two */
  readonly sql: string | readonly string[];
}

const TRICKY_FILE = path.join(__dirname, '../../fixtures/sql/tricky.sql');
const CASE_MARKER = /^-- (case|template): (.*)$/;
const HOLE = /\$\{[^}]*\}/;

/** The cases of fixtures/sql/tricky.sql; in a template case, `${...}` marks a hole. */
export function loadTrickyCases(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  let current: { name: string; template: boolean; lines: string[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    const text = current.lines.join('\n');
    entries.push({ name: current.name, sql: current.template ? text.split(HOLE) : text });
  };
  for (const line of readFileSync(TRICKY_FILE, 'utf8').split('\n')) {
    const marker = CASE_MARKER.exec(line);
    if (marker) {
      flush();
      current = { name: marker[2], template: marker[1] === 'template', lines: [] };
    } else {
      current?.lines.push(line);
    }
  }
  flush();
  return entries;
}

/** Mulberry32: a small, seedable PRNG, so every run generates the same corpus. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values for the placeholders of the statement templates. Names may become holes. */
const NAMES = {
  t: [
    'users',
    '"Users"',
    'app.users',
    'public."Order"',
    '"my table"',
    '"select"',
    'tbl_1',
    't$x',
    '"a""b"',
    'café',
    'pg_temp.scratch',
    '"pg_temp".scratch',
    'temp',
    'comment',
    'if',
    'exists',
    'mydb.app.events',
  ],
  s: ['app', '"Tenant"', 'tenant_1', '"create"', 'security'],
  c: ['id', '"Email"', 'create_date', '"from"', 'drop_count', 'comment', 'naïve'],
  ident: ['idx_a', '"Weird Name"', '"drop"', 'obj$1', 'ñame', 'grant_role'],
} as const;

const LITERALS = {
  str: [
    "'plain'",
    "'it''s'",
    "'CREATE TABLE x (a int);'",
    "E'\\'; DROP TABLE t; --'",
    "E'\\\\'",
    "e'\\x41'",
    '$$ drop table t; $$',
    '$q$ $$ ; $q$',
    "U&'d\\0061t'",
    "'a\\'",
    "'--'",
    "'/*'",
    "';'",
  ],
  n: ['1', '42', '3.14', '1e3', '0x1F', '1_000'],
  body: [
    "$fn$ begin drop table x; return 1; end $fn$",
    "$$ begin create table y (a int); return 1; end $$",
    "$_$ select 1; $_$",
    "'begin return 1; end'",
  ],
} as const;

type Placeholder = keyof typeof NAMES | keyof typeof LITERALS | 't2' | 'ident2';

interface Template {
  readonly sql: string;
  /** a query that may be wrapped in parentheses */
  readonly query?: true;
  /** a DML statement that may take a WITH clause */
  readonly dml?: true;
}

/** Statement templates in lower case; `{x}` is a placeholder, and no quotes appear outside them. */
const TEMPLATES: readonly Template[] = [
  { sql: 'create table {t} ({c} int)' },
  { sql: 'create table if not exists {t} ({c} text not null default {str})' },
  { sql: 'create unlogged table {t} ({c} int)' },
  { sql: 'create temp table {t} ({c} int)' },
  { sql: 'create temporary table if not exists {t} ({c} int) on commit drop' },
  { sql: 'create local temp table {t} ({c} int)' },
  { sql: 'create table {t} as select {n} as {c}' },
  { sql: 'create temp table {t} as select {str} as {c}' },
  { sql: 'create table {t} ({c} int , primary key ({c}))' },
  { sql: 'create index {ident} on {t} ({c})' },
  { sql: 'create unique index concurrently if not exists {ident} on {t} using btree ({c})' },
  { sql: 'create index on {t} ({c}) where {c} > {n}' },
  { sql: 'drop index concurrently if exists {ident}' },
  { sql: 'create view {t} as select {c} from {t2}' },
  { sql: 'create or replace view {t} as select * from {t2} where {c} = {str}' },
  { sql: 'create temp view {t} as select {n} as {c}' },
  { sql: 'create materialized view {t} as select {c} from {t2} with no data' },
  { sql: 'refresh materialized view {t}' },
  { sql: 'create sequence {t} start {n}' },
  { sql: 'create temp sequence {t}' },
  { sql: 'alter sequence {t} restart with {n}' },
  { sql: 'create schema if not exists {s}' },
  { sql: 'create schema {s} authorization {ident}' },
  { sql: 'drop schema if exists {s} cascade' },
  { sql: 'alter table {t} add column {c} text' },
  { sql: 'alter table if exists only {t} drop column if exists {c}' },
  { sql: 'alter table {t} rename to {ident}' },
  { sql: 'alter table {t} rename column {c} to {ident}' },
  { sql: 'alter index {ident} rename to {ident2}' },
  { sql: 'alter table {t} owner to {ident}' },
  { sql: 'drop table if exists {t} cascade' },
  { sql: 'drop table {t} , {t2}' },
  { sql: 'drop view if exists {t}' },
  { sql: 'create type {ident} as enum ({str} , {str})' },
  { sql: 'create domain {ident} as int check (value > {n})' },
  { sql: 'create or replace function {ident} () returns int language plpgsql as {body}' },
  { sql: 'create function {ident} (a int) returns int language sql begin atomic select a + {n} ; end' },
  { sql: 'drop function if exists {ident} (int)' },
  { sql: 'create trigger {ident} before insert on {t} for each row execute function {ident2} ()' },
  { sql: 'create extension if not exists {ident}' },
  { sql: 'create policy {ident} on {t} using ({c} = current_user)' },
  { sql: 'comment on table {t} is {str}' },
  { sql: 'comment on column {t}.{c} is {str}' },
  { sql: 'grant select on {t} to {ident}' },
  { sql: 'grant usage on schema {s} to {ident}' },
  { sql: 'revoke all on {t} from public' },
  { sql: 'alter default privileges in schema {s} grant select on tables to {ident}' },
  { sql: 'select {c} into {t} from {t2}', query: true, dml: true },
  { sql: 'select * into temp {t} from {t2}', query: true, dml: true },
  { sql: 'select * into unlogged table {t} from {t2}', query: true, dml: true },
  { sql: 'select {c} from {t} where {c} = {str}', query: true, dml: true },
  { sql: 'select {str} , {n} , $1', query: true, dml: true },
  { sql: 'select {c} from {t} union all select {c} from {t2}', query: true, dml: true },
  { sql: 'select {c} as into from {t}', query: true, dml: true },
  { sql: 'values ({n}) , ({str})', query: true },
  { sql: 'insert into {t} ({c}) values ({str})', dml: true },
  { sql: 'insert into {t} select * from {t2}', dml: true },
  { sql: 'update {t} set {c} = {str} where {c} = $1', dml: true },
  { sql: 'delete from {t} where {c} in (select {c} from {t2})', dml: true },
  { sql: 'merge into {t} using {t2} on {t}.{c} = {t2}.{c} when matched then delete', dml: true },
  { sql: 'truncate {t}' },
  { sql: 'copy {t} to stdout' },
  { sql: 'vacuum {t}' },
  { sql: 'analyze {t}' },
  { sql: 'set search_path to {s}' },
  { sql: 'show search_path' },
  { sql: 'begin' },
  { sql: 'commit' },
  { sql: 'rollback' },
  { sql: 'listen {ident}' },
  { sql: 'notify {ident} , {str}' },
  { sql: 'lock table {t}' },
  { sql: 'do {body}' },
  { sql: 'explain select * from {t}' },
  { sql: 'call {ident} ({n})' },
  { sql: 'create role {ident}' },
  { sql: 'create database {ident}' },
  { sql: 'grant {ident} to {ident2}' },
];

/** What may stand between two tokens of a template. */
const GAPS = [
  ' ',
  ' ',
  ' ',
  '  ',
  '\n',
  '\t',
  '\n  ',
  '\r\n',
  ' /* create table gap; */ ',
  ' -- drop table gap;\n',
  ' /* /* nested */ drop table x; */ ',
  ' /**/ ',
];

const LEADING_COMMENTS = ['', '', '', '-- migration\n', '/* grant all */ ', '\n\n'];

/** SQL under construction: text split at template holes. */
type Parts = string[];

function appendParts(target: Parts, addition: readonly string[]): void {
  target[target.length - 1] += addition[0];
  target.push(...addition.slice(1));
}

class Generator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly holeChance: number,
  ) {
    this.random = createRandom(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private chance(probability: number): boolean {
    return this.random() < probability;
  }

  private recase(text: string): string {
    const mode = this.pick(['lower', 'upper', 'title', 'mixed'] as const);
    return text.replace(/[a-z]+/g, (word) => {
      switch (mode) {
        case 'lower':
          return word;
        case 'upper':
          return word.toUpperCase();
        case 'title':
          return word[0].toUpperCase() + word.slice(1);
        case 'mixed':
          return [...word].map((char) => (this.chance(0.5) ? char.toUpperCase() : char)).join('');
      }
    });
  }

  /** One statement: casing and gaps apply to the template's own words, before placeholders are filled. */
  private statement(): Parts {
    const template = this.pick(TEMPLATES);
    let sql = template.sql;
    if (template.dml && this.chance(0.2)) sql = `with w as (select {n} as one) ${sql}`;
    if (template.query && this.chance(0.2)) sql = this.chance(0.5) ? `(${sql})` : `((${sql}))`;
    const pieces = this.recase(sql)
      .split(' ')
      .map((piece, index) => (index === 0 ? piece : this.pick(GAPS) + piece))
      .join('')
      .split(/(\{[A-Za-z0-9]+\})/);

    const parts: Parts = [''];
    for (const piece of pieces) {
      const placeholder = /^\{(\w+)\}$/.exec(piece)?.[1]?.toLowerCase() as Placeholder | undefined;
      if (!placeholder) {
        appendParts(parts, [piece]);
        continue;
      }
      const key = placeholder === 't2' ? 't' : placeholder === 'ident2' ? 'ident' : placeholder;
      if (key in NAMES) {
        appendParts(parts, this.chance(this.holeChance) ? ['', ''] : [this.pick(NAMES[key as keyof typeof NAMES])]);
      } else {
        appendParts(parts, [this.pick(LITERALS[key as keyof typeof LITERALS])]);
      }
    }
    return parts;
  }

  /** One to three statements, separated by `;` and gaps, maybe with a leading comment and a final `;`. */
  entry(): Parts {
    const parts: Parts = [this.pick(LEADING_COMMENTS)];
    const count = 1 + Math.floor(this.random() * 3);
    for (let index = 0; index < count; index++) {
      if (index > 0) appendParts(parts, [';' + this.pick(GAPS)]);
      appendParts(parts, this.statement());
    }
    if (this.chance(0.5)) appendParts(parts, [';']);
    return parts;
  }
}

/** `count` generated entries; with `holeChance`, each name may be a template hole instead. */
export function generateCorpus(count: number, seed: number, holeChance = 0): CorpusEntry[] {
  const generator = new Generator(seed, holeChance);
  return Array.from({ length: count }, (_, index) => {
    const parts = generator.entry();
    return { name: `generated #${index} (seed ${seed})`, sql: parts.length === 1 ? parts[0] : parts };
  });
}

/** The text the oracle parses for a corpus entry: each hole becomes an identifier `hole_<n>`. */
export function oracleTextOf(sql: string | readonly string[]): string {
  if (typeof sql === 'string') return sql;
  return sql.reduce((text, part, index) => (index === 0 ? part : `${text}hole_${index}${part}`), '');
}
