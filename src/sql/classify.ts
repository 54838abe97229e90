/**
 * Splits SQL into statements and tells, for each, whether it changes the
 * schema, in one linear pass over hand-made tokens (see `lexer.ts`).
 *
 * What counts as DDL follows what PostgreSQL's parser calls a schema
 * change, with the exceptions DESIGN.md names:
 *
 * - DDL: CREATE / ALTER / DROP of any object that lives in the database
 *   (tables, indexes, views, materialized views, sequences, schemas, types,
 *   domains, functions, procedures, triggers, extensions, policies, rules,
 *   operators, casts, publications, foreign tables, ...), `CREATE TABLE AS`,
 *   `SELECT ... INTO new_table` (PostgreSQL runs it as `CREATE TABLE AS`),
 *   COMMENT ON, SECURITY LABEL, GRANT / REVOKE of privileges on such objects,
 *   `ALTER DEFAULT PRIVILEGES`, `IMPORT FOREIGN SCHEMA`, `DROP OWNED`,
 *   `REASSIGN OWNED`. Renames are `ALTER ... RENAME`.
 * - Not DDL: cluster-wide objects, which belong to the server and are not in
 *   a database's schema or its `pg_dump --schema-only` (PostgreSQL's event
 *   triggers skip them for the same reason): databases, roles (`USER`,
 *   `GROUP`), tablespaces, `ALTER SYSTEM`, `GRANT ... ON DATABASE |
 *   TABLESPACE | PARAMETER`, role membership (`GRANT role TO role`), and
 *   COMMENT / SECURITY LABEL on them.
 * - Not DDL: temporary relations: `CREATE [LOCAL | GLOBAL] TEMP[ORARY]`
 *   tables, views and sequences, `SELECT ... INTO TEMP`, and the same in the
 *   `pg_temp` schema, which PostgreSQL makes temporary.
 * - Not DDL: a statement with a backquoted identifier (`` `users` ``), which
 *   is MySQL's quoting and a syntax error in PostgreSQL (there a backquote is
 *   an operator character): multi-engine apps keep such SQL in the branch for
 *   MySQL.
 * - Not DDL: every other statement, judged by its own kind: DML, COPY,
 *   TRUNCATE, SET, SHOW, VACUUM, ANALYZE, CLUSTER, REINDEX, REFRESH
 *   MATERIALIZED VIEW, LISTEN / NOTIFY, transaction control, LOCK, CALL,
 *   PREPARE / EXECUTE, cursors, DISCARD, CHECKPOINT, `EXPLAIN` of anything,
 *   and `DO` blocks, whose body is a string the server runs later.
 *
 * A statement that does something else to a temporary object (`CREATE
 * INDEX ON temp_table`, `DROP TABLE temp_table`) is DDL: that the table is
 * temporary is not in the statement.
 *
 * Template holes stand for identifiers. A hole where a CREATE modifier may
 * stand (`CREATE ${unique} INDEX`) is skipped; a statement that starts with
 * a hole has no kind and is not DDL, since nothing in it says what it does.
 */
import { isKeyword, tokenize, type Token, type TokenType } from './lexer';
import { mayContainDdl } from './fast-path';
import type { SchemaChangeVerb } from './keywords';
import { splitStatements } from './split';
import type { SqlStatement, SqlText } from './types';

interface ObjectKind {
  /** the kind as PostgreSQL's command tags spell it: `MATERIALIZED VIEW` */
  readonly tag: string;
  /** a cluster-wide object, outside any database's schema */
  readonly shared?: true;
  /** a relation that `CREATE TEMP` or the `pg_temp` schema makes temporary */
  readonly relation?: true;
  /** the syntax does not go on with the object's name (`CREATE CAST (a AS b)`) */
  readonly unnamed?: true;
}

/** Object kinds by their words, in lower case; up to three words long. */
const OBJECT_KINDS = new Map<string, ObjectKind>([
  ['access method', { tag: 'ACCESS METHOD' }],
  ['aggregate', { tag: 'AGGREGATE' }],
  ['cast', { tag: 'CAST', unnamed: true }],
  ['collation', { tag: 'COLLATION' }],
  ['column', { tag: 'COLUMN' }],
  ['constraint', { tag: 'CONSTRAINT' }],
  ['constraint trigger', { tag: 'TRIGGER' }],
  ['conversion', { tag: 'CONVERSION' }],
  ['database', { tag: 'DATABASE', shared: true }],
  ['default privileges', { tag: 'DEFAULT PRIVILEGES', unnamed: true }],
  ['domain', { tag: 'DOMAIN' }],
  ['event trigger', { tag: 'EVENT TRIGGER' }],
  ['extension', { tag: 'EXTENSION' }],
  ['foreign data wrapper', { tag: 'FOREIGN DATA WRAPPER' }],
  ['foreign server', { tag: 'SERVER' }],
  ['foreign table', { tag: 'FOREIGN TABLE' }],
  ['function', { tag: 'FUNCTION' }],
  ['group', { tag: 'ROLE', shared: true }],
  ['index', { tag: 'INDEX' }],
  ['language', { tag: 'LANGUAGE' }],
  ['large object', { tag: 'LARGE OBJECT', unnamed: true }],
  ['materialized view', { tag: 'MATERIALIZED VIEW' }],
  ['operator', { tag: 'OPERATOR' }],
  ['operator class', { tag: 'OPERATOR CLASS' }],
  ['operator family', { tag: 'OPERATOR FAMILY' }],
  ['owned', { tag: 'OWNED', unnamed: true }],
  ['parameter', { tag: 'PARAMETER', shared: true }],
  ['policy', { tag: 'POLICY' }],
  ['procedural language', { tag: 'LANGUAGE' }],
  ['procedure', { tag: 'PROCEDURE' }],
  ['publication', { tag: 'PUBLICATION' }],
  ['role', { tag: 'ROLE', shared: true }],
  ['routine', { tag: 'ROUTINE' }],
  ['rule', { tag: 'RULE' }],
  ['schema', { tag: 'SCHEMA' }],
  ['sequence', { tag: 'SEQUENCE', relation: true }],
  ['server', { tag: 'SERVER' }],
  ['statistics', { tag: 'STATISTICS' }],
  ['subscription', { tag: 'SUBSCRIPTION' }],
  ['system', { tag: 'SYSTEM', shared: true, unnamed: true }],
  ['table', { tag: 'TABLE', relation: true }],
  ['tablespace', { tag: 'TABLESPACE', shared: true }],
  ['text search configuration', { tag: 'TEXT SEARCH CONFIGURATION' }],
  ['text search dictionary', { tag: 'TEXT SEARCH DICTIONARY' }],
  ['text search parser', { tag: 'TEXT SEARCH PARSER' }],
  ['text search template', { tag: 'TEXT SEARCH TEMPLATE' }],
  ['transform', { tag: 'TRANSFORM', unnamed: true }],
  ['trigger', { tag: 'TRIGGER' }],
  ['type', { tag: 'TYPE' }],
  ['user', { tag: 'ROLE', shared: true }],
  ['user mapping', { tag: 'USER MAPPING', unnamed: true }],
  ['view', { tag: 'VIEW', relation: true }],
]);

/** Words between CREATE and the object kind (`OR REPLACE`, `UNIQUE`, `TEMP` ...). */
const CREATE_MODIFIERS = new Set([
  'or',
  'replace',
  'temp',
  'temporary',
  'local',
  'global',
  'unlogged',
  'unique',
  'recursive',
  'trusted',
  'default',
]);

/** Words between `SELECT ... INTO` and the new table's name. */
const INTO_MODIFIERS = new Set(['temp', 'temporary', 'local', 'global', 'unlogged', 'table']);

/** Words between the object kind and its name; AUTHORIZATION names a schema after a role. */
const NAME_OPTIONS = new Set(['only', 'concurrently', 'authorization']);

/**
 * PostgreSQL's reserved keywords (PostgreSQL 17): never an unquoted name, so
 * a name is missing where one stands (`CREATE INDEX ON t`, `SELECT 1 INTO
 * temp FROM t`, where `temp` is the name).
 */
const RESERVED_KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable ' +
    'desc distinct do else end except false fetch for foreign from grant group having in initially intersect ' +
    'into lateral leading limit localtime localtimestamp not null offset on only or order placing primary ' +
    'references returning select session_user some symmetric system_user table then to trailing true union ' +
    'unique user using variadic when where window with'
  ).split(' '),
);

/** Objects that belong to a table named after ON: `CREATE INDEX ON t`, `DROP TRIGGER x ON t`, `CREATE POLICY p ON t`. */
const RELATION_AFTER_ON = new Set(['INDEX', 'TRIGGER', 'POLICY']);

/** `GRANT ... ON ALL TABLES IN SCHEMA s` */
const BULK_OBJECTS = new Set(['tables', 'sequences', 'functions', 'procedures', 'routines']);

const HOLE_MARKER = '${…}';

/** The tokens of one statement, with the reads the classifier needs. */
class StatementTokens {
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly closing: Int32Array,
    readonly first: number,
    readonly end: number,
  ) {}

  type(at: number): TokenType | undefined {
    return at < this.end ? this.tokens[at].type : undefined;
  }

  is(at: number, keyword: string): boolean {
    return at < this.end && isKeyword(this.text, this.tokens[at], keyword);
  }

  /** The unquoted word at `at` in lower case. */
  word(at: number): string | undefined {
    return this.type(at) === 'word' ? this.raw(at).toLowerCase() : undefined;
  }

  raw(at: number): string {
    return this.text.slice(this.tokens[at].start, this.tokens[at].end);
  }

  /**
   * A backquote outside strings, comments and quoted names: MySQL's identifier quote. PostgreSQL
   * reads it as an operator character, so a name in backquotes is a syntax error there.
   */
  hasBackquote(): boolean {
    for (let at = this.first; at < this.end; at++) {
      const type = this.tokens[at].type;
      if ((type === 'operator' || type === 'other') && this.raw(at).includes('`')) return true;
    }
    return false;
  }

  /** The index of the `)` that closes the `(` at `at`, or `end` when it is unclosed. */
  groupEnd(at: number): number {
    const close = this.closing[at];
    return close < 0 ? this.end : close;
  }

  /**
   * The index of the first of `keywords` on the parenthesis level of `from`,
   * else of the `)` that closes that level, else `end`.
   */
  findAtLevel(from: number, keywords: readonly string[]): number {
    let at = from;
    while (at < this.end) {
      const type = this.tokens[at].type;
      if (type === ')') return at;
      if (type === '(') {
        at = this.groupEnd(at) + 1;
        continue;
      }
      if (keywords.some((keyword) => this.is(at, keyword))) return at;
      at++;
    }
    return this.end;
  }
}

interface ObjectName {
  /** undefined when a part is a hole */
  readonly text: string | undefined;
  readonly dynamic: boolean;
  /** the token of the first part that is a hole */
  readonly dynamicToken: number | undefined;
  /** the schema part, case-folded and unquoted as PostgreSQL reads it */
  readonly schema: string | undefined;
  /** the index after the name */
  readonly next: number;
}

interface Verdict {
  readonly ddl: boolean;
  readonly kind: string | undefined;
  readonly name?: ObjectName | undefined;
  /** the table after ON of an index, trigger or policy */
  readonly relation?: ObjectName | undefined;
  readonly temporary?: boolean;
  readonly unlogged?: boolean;
}

function isNamePart(s: StatementTokens, at: number): boolean {
  switch (s.type(at)) {
    case 'word':
      return !RESERVED_KEYWORDS.has(s.word(at)!);
    case 'quotedIdent':
    case 'dynamic':
    // Operators have names too: `DROP OPERATOR public.=== (int, int)`.
    case 'operator':
      return true;
    default:
      return false;
  }
}

/** An identifier as PostgreSQL stores it: unquoted names are folded to lower case. */
function foldIdentifier(s: StatementTokens, at: number): string | undefined {
  const raw = s.raw(at);
  if (s.type(at) === 'word') return raw.toLowerCase();
  return raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : undefined;
}

/** Reads a possibly qualified name: `users`, `public."Users"`, `db.app.users`. */
function readName(s: StatementTokens, from: number): ObjectName | undefined {
  if (!isNamePart(s, from)) return undefined;
  const parts = [from];
  let next = from + 1;
  while (s.type(next) === '.' && isNamePart(s, next + 1)) {
    parts.push(next + 1);
    next += 2;
  }
  const dynamicToken = parts.find((part) => s.type(part) === 'dynamic');
  const dynamic = dynamicToken !== undefined;
  return {
    text: dynamic ? undefined : parts.map((part) => s.raw(part)).join('.'),
    dynamic,
    dynamicToken,
    schema: parts.length >= 2 ? foldIdentifier(s, parts[parts.length - 2]) : undefined,
    next,
  };
}

/** Skips `IF [NOT] EXISTS` and the words in `NAME_OPTIONS`, in any order. */
function skipNameOptions(s: StatementTokens, from: number): number {
  let at = from;
  for (;;) {
    if (s.is(at, 'if') && s.is(at + 1, 'exists')) at += 2;
    else if (s.is(at, 'if') && s.is(at + 1, 'not') && s.is(at + 2, 'exists')) at += 3;
    else if (NAME_OPTIONS.has(s.word(at) ?? '')) at++;
    else return at;
  }
}

/** The longest object kind spelled from `at` on. */
function readObjectKind(s: StatementTokens, at: number): { kind: ObjectKind; next: number } | undefined {
  const words: string[] = [];
  for (let length = 1; length <= 3; length++) {
    const word = s.word(at + length - 1);
    if (word === undefined) break;
    words.push(word);
  }
  for (let length = words.length; length >= 1; length--) {
    const kind = OBJECT_KINDS.get(words.slice(0, length).join(' '));
    if (kind) return { kind, next: at + length };
  }
  return undefined;
}

function isPgTemp(name: ObjectName | undefined): boolean {
  return name?.schema === 'pg_temp';
}

/** `… ON [ONLY] table` after the name of an index, trigger or policy. */
function readRelation(s: StatementTokens, from: number): ObjectName | undefined {
  const on = s.findAtLevel(from, ['on']);
  if (!s.is(on, 'on')) return undefined;
  return readName(s, s.is(on + 1, 'only') ? on + 2 : on + 1);
}

/** CREATE / ALTER / DROP. */
function classifyObjectStatement(s: StatementTokens, verb: 'create' | 'alter' | 'drop'): Verdict {
  const verbTag = verb.toUpperCase();
  let at = s.first + 1;
  let temporary = false;
  let unlogged = false;
  if (verb === 'create') {
    // A hole here is taken for a modifier: `CREATE ${unique} INDEX`.
    while (CREATE_MODIFIERS.has(s.word(at) ?? '') || s.type(at) === 'dynamic') {
      temporary ||= s.is(at, 'temp') || s.is(at, 'temporary');
      unlogged ||= s.is(at, 'unlogged');
      at++;
    }
  }
  const found = readObjectKind(s, at);
  if (!found) return { ddl: !temporary, kind: verbTag, temporary };

  const { kind } = found;
  const name = kind.unnamed ? undefined : readName(s, skipNameOptions(s, found.next));
  const relation = RELATION_AFTER_ON.has(kind.tag) ? readRelation(s, name?.next ?? found.next) : undefined;
  let tag = kind.tag;
  if (verb === 'create') {
    if (tag === 'TABLE' && s.is(s.findAtLevel(name?.next ?? found.next, ['as']), 'as')) tag = 'TABLE AS';
    temporary ||= kind.relation === true && isPgTemp(name);
  }
  return { ddl: !kind.shared && !temporary, kind: `${verbTag} ${tag}`, name, relation, temporary, unlogged: unlogged && kind.tag === 'TABLE' };
}

/** `COMMENT ON kind name` and `SECURITY LABEL ... ON kind name`, from the ON. */
function classifyObjectReference(s: StatementTokens, on: number, tag: string): Verdict {
  const found = s.is(on, 'on') ? readObjectKind(s, on + 1) : undefined;
  if (!found) return { ddl: true, kind: tag };
  const name = found.kind.unnamed ? undefined : readName(s, found.next);
  return { ddl: !found.kind.shared, kind: tag, name };
}

function classifySecurityLabel(s: StatementTokens): Verdict {
  let at = s.first + 1;
  if (s.is(at, 'label')) at++;
  if (s.is(at, 'for')) at += 2;
  return classifyObjectReference(s, at, 'SECURITY LABEL');
}

/** GRANT / REVOKE: privileges `ON` an object, or role membership (`GRANT role TO role`). */
function classifyPrivileges(s: StatementTokens, tag: string): Verdict {
  const on = s.findAtLevel(s.first + 1, ['on', 'to', 'from']);
  if (!s.is(on, 'on')) return { ddl: false, kind: tag };
  const at = on + 1;
  if (s.is(at, 'all') && BULK_OBJECTS.has(s.word(at + 1) ?? '')) return { ddl: true, kind: tag };
  const found = readObjectKind(s, at);
  if (found?.kind.shared) return { ddl: false, kind: tag };
  return { ddl: true, kind: tag, name: readName(s, found ? found.next : at) };
}

/**
 * Skips `WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query)
 * [SEARCH ... SET column] [CYCLE ... USING column], ...` and returns the index
 * where the statement that uses them starts.
 */
function skipWithClause(s: StatementTokens, withAt: number): number {
  let at = withAt + 1;
  if (s.is(at, 'recursive')) at++;
  for (;;) {
    if (!isNamePart(s, at)) return at;
    at++;
    if (s.type(at) === '(') at = s.groupEnd(at) + 1;
    if (!s.is(at, 'as')) return at;
    at++;
    if (s.is(at, 'not')) at++;
    if (s.is(at, 'materialized')) at++;
    if (s.type(at) !== '(') return at;
    at = s.groupEnd(at) + 1;
    for (const [clause, last] of [
      ['search', 'set'],
      ['cycle', 'using'],
    ] as const) {
      if (!s.is(at, clause)) continue;
      at = s.findAtLevel(at, [last]);
      if (!s.is(at, last)) return at;
      at += 2;
    }
    if (s.type(at) !== ',') return at;
    at++;
  }
}

/** Where the statement proper starts, after leading parentheses and a WITH clause. */
function mainStatementStart(s: StatementTokens): number {
  let at = s.first;
  while (s.type(at) === '(') at++;
  if (!s.is(at, 'with')) return at;
  at = skipWithClause(s, at);
  while (s.type(at) === '(') at++;
  return at;
}

/**
 * The index of the INTO of `SELECT ... INTO`, or -1. It is looked for in the
 * operands of the query's set operation (`(SELECT ... INTO t) UNION ...`),
 * never in subqueries, CTEs or other parentheses. Iterative, so deep nesting
 * cannot overflow the stack.
 */
function findSelectInto(s: StatementTokens): number {
  const operandEnds: number[] = [];
  let operandStart = true;
  let at = s.first;
  while (at < s.end) {
    const operandEnd = operandEnds[operandEnds.length - 1];
    if (operandEnd !== undefined && at >= operandEnd) {
      operandEnds.pop();
      at = Math.max(at, operandEnd + 1);
      operandStart = false;
      continue;
    }
    if (s.type(at) === '(') {
      if (operandStart) {
        operandEnds.push(s.groupEnd(at));
        at++;
      } else {
        at = s.groupEnd(at) + 1;
      }
      continue;
    }
    if (operandStart && s.is(at, 'with')) {
      at = skipWithClause(s, at);
      continue;
    }
    // After AS or `.`, a reserved word is a column label: `SELECT 1 AS into`, `t.into`.
    if (s.is(at, 'into') && !s.is(at - 1, 'as') && s.type(at - 1) !== '.') return at;
    const setOperator = s.is(at, 'union') || s.is(at, 'intersect') || s.is(at, 'except');
    operandStart = setOperator || (operandStart && (s.is(at, 'all') || s.is(at, 'distinct')));
    at++;
  }
  return -1;
}

/** `SELECT ... INTO [TEMP | UNLOGGED] [TABLE] name`, from the word after INTO. */
function classifySelectInto(s: StatementTokens, from: number): Verdict {
  let at = from;
  let temporary = false;
  let unlogged = false;
  // `INTO temp` names a table `temp`: a modifier is followed by another one or by the name.
  while (
    INTO_MODIFIERS.has(s.word(at) ?? '') &&
    (INTO_MODIFIERS.has(s.word(at + 1) ?? '') || isNamePart(s, at + 1))
  ) {
    temporary ||= s.is(at, 'temp') || s.is(at, 'temporary');
    unlogged ||= s.is(at, 'unlogged');
    at++;
  }
  const name = readName(s, at);
  temporary ||= isPgTemp(name);
  return { ddl: !temporary, kind: 'SELECT INTO', name, temporary, unlogged };
}

function classifyQueryOrOther(s: StatementTokens): Verdict {
  const verb = s.word(mainStatementStart(s));
  if (verb === 'select' || verb === 'values' || verb === 'table') {
    const into = findSelectInto(s);
    if (into >= 0) return classifySelectInto(s, into + 1);
  }
  return { ddl: false, kind: verb?.toUpperCase() };
}

const SCHEMA_CHANGE_STATEMENTS: Readonly<Record<SchemaChangeVerb, (s: StatementTokens) => Verdict>> = {
  create: (s) => classifyObjectStatement(s, 'create'),
  alter: (s) => classifyObjectStatement(s, 'alter'),
  drop: (s) => classifyObjectStatement(s, 'drop'),
  comment: (s) => classifyObjectReference(s, s.first + 1, 'COMMENT'),
  security: classifySecurityLabel,
  grant: (s) => classifyPrivileges(s, 'GRANT'),
  revoke: (s) => classifyPrivileges(s, 'REVOKE'),
  import: () => ({ ddl: true, kind: 'IMPORT FOREIGN SCHEMA' }),
  reassign: () => ({ ddl: true, kind: 'REASSIGN OWNED' }),
};

function classifyStatement(s: StatementTokens): Verdict {
  const verb = s.word(s.first);
  const verdict = verb !== undefined && Object.hasOwn(SCHEMA_CHANGE_STATEMENTS, verb) ? SCHEMA_CHANGE_STATEMENTS[verb as SchemaChangeVerb](s) : classifyQueryOrOther(s);
  // `ALTER TABLE \`users\` AUTO_INCREMENT = 1` is MySQL's (a multi-engine app's other branch): no Postgres schema changes.
  return verdict.ddl && s.hasBackquote() ? { ...verdict, ddl: false } : verdict;
}

/** The offsets of the holes in `parts.join('')`. */
function holeOffsets(parts: readonly string[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (let index = 0; index < parts.length - 1; index++) {
    offset += parts[index].length;
    offsets.push(offset);
  }
  return offsets;
}

/**
 * Splits SQL into statements, as PostgreSQL does, and classifies each (see
 * the top of this file for what counts as DDL). Holes of a template literal
 * stand for identifiers. Never throws; linear in the length of the text.
 */
export function classifySql(sql: SqlText): SqlStatement[] {
  const text = typeof sql === 'string' ? sql : sql.join('');
  const holes = typeof sql === 'string' ? [] : holeOffsets(sql);
  const tokens = tokenize(text, holes);
  const { statements, closing } = splitStatements(text, tokens);
  let nextHole = 0;
  return statements.map(({ first, end: endToken }) => {
    const start = tokens[first].start;
    const end = tokens[endToken - 1].end;
    while (nextHole < holes.length && holes[nextHole] < start) nextHole++;
    const firstHole = nextHole;
    let statementText = '';
    let copied = start;
    for (; nextHole < holes.length && holes[nextHole] <= end; nextHole++) {
      statementText += text.slice(copied, holes[nextHole]) + HOLE_MARKER;
      copied = holes[nextHole];
    }
    statementText += text.slice(copied, end);

    const verdict = classifyStatement(new StatementTokens(text, tokens, closing, first, endToken));
    // The hole a name's dynamic token holds: `${t}`, `"${t}"` and `cat_${t}` each span one.
    const holeOf = (name: ObjectName | undefined): number | undefined => {
      if (name?.dynamicToken === undefined) return undefined;
      const token = tokens[name.dynamicToken];
      const index = holes.findIndex((offset) => offset >= token.start && offset <= token.end);
      return index === -1 ? undefined : index;
    };
    const relation = verdict.relation;
    return {
      ddl: verdict.ddl,
      kind: verdict.kind,
      target: verdict.name?.text,
      dynamicTarget: verdict.name?.dynamic ?? false,
      targetHole: holeOf(verdict.name),
      relation: relation && { name: relation.text, dynamic: relation.dynamic, hole: holeOf(relation) },
      dynamic: nextHole > firstHole,
      temporary: verdict.temporary ?? false,
      unlogged: verdict.unlogged ?? false,
      text: statementText,
      start,
      end,
    };
  });
}

/** The DDL statements in `sql`; cheap when it mentions no DDL keyword (see `mayContainDdl`). */
export function findDdl(sql: SqlText): SqlStatement[] {
  return mayContainDdl(sql) ? classifySql(sql).filter((statement) => statement.ddl) : [];
}
