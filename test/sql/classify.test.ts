import { describe, expect, it } from 'vitest';
import { classifySql, findDdl } from '../../src/sql';

/** The fields that say what a statement is, without offsets and text. */
function verdicts(sql: string | readonly string[]) {
  return classifySql(sql).map(({ ddl, kind, target, dynamicTarget, temporary }) => ({
    ddl,
    kind,
    target,
    dynamicTarget,
    temporary,
  }));
}

describe('classifySql', () => {
  it('describes a statement', () => {
    expect(classifySql('CREATE TABLE users (id int)')).toEqual([
      {
        ddl: true,
        kind: 'CREATE TABLE',
        target: 'users',
        dynamicTarget: false,
        targetHole: undefined,
        relation: undefined,
        dynamic: false,
        temporary: false,
        unlogged: false,
        text: 'CREATE TABLE users (id int)',
        start: 0,
        end: 27,
      },
    ]);
  });

  it('gives each statement its offsets, without whitespace, comments or the semicolon', () => {
    const sql = 'SELECT 1;\n  CREATE TABLE a (id int) ; -- note\n/* c */ DROP TABLE a -- end';
    const statements = classifySql(sql);
    expect(statements.map(({ text, start, end }) => ({ text, start, end }))).toEqual([
      { text: 'SELECT 1', start: 0, end: 8 },
      { text: 'CREATE TABLE a (id int)', start: 12, end: 35 },
      { text: 'DROP TABLE a', start: 54, end: 66 },
    ]);
    for (const { text, start, end } of statements) expect(sql.slice(start, end)).toBe(text);
  });

  it('returns nothing for empty text, whitespace, comments and empty statements', () => {
    expect(classifySql('')).toEqual([]);
    expect(classifySql(' \n\t ')).toEqual([]);
    expect(classifySql('-- create table x\n/* drop table y */')).toEqual([]);
    expect(classifySql(';; ;')).toEqual([]);
    expect(classifySql([])).toEqual([]);
  });

  describe('names the target as written', () => {
    it.each([
      ['CREATE TABLE IF NOT EXISTS public."Users" (id int)', 'public."Users"'],
      ['create unique index concurrently if not exists users_email on users (email)', 'users_email'],
      ['ALTER TABLE IF EXISTS ONLY app . users ADD COLUMN age int', 'app.users'],
      ['CREATE OR REPLACE FUNCTION app.touch() RETURNS trigger AS $$ begin end $$ LANGUAGE plpgsql', 'app.touch'],
      ['DROP TABLE IF EXISTS a, b CASCADE', 'a'],
      ['CREATE SCHEMA AUTHORIZATION joe', 'joe'],
      ['COMMENT ON COLUMN users.email IS $$unique$$', 'users.email'],
      ['GRANT SELECT ON TABLE users TO reader', 'users'],
      ['CREATE OPERATOR app.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq)', 'app.==='],
      ['SELECT * INTO archive.users_2024 FROM users', 'archive.users_2024'],
    ])('%s', (sql, target) => {
      expect(classifySql(sql)[0].target).toBe(target);
    });

    it.each([
      'CREATE INDEX ON users (email)',
      'ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b',
      'GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader',
      'CREATE CAST (text AS mood) WITH INOUT',
      'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reader',
    ])('none for %s', (sql) => {
      expect(classifySql(sql)[0]).toMatchObject({ ddl: true, target: undefined, dynamicTarget: false });
    });
  });

  describe('kinds', () => {
    it.each([
      ['CREATE TABLE t AS SELECT 1', 'CREATE TABLE AS'],
      ['create unlogged table t (a int)', 'CREATE TABLE'],
      ['CREATE OR REPLACE RECURSIVE VIEW v (n) AS SELECT 1', 'CREATE VIEW'],
      ['CREATE MATERIALIZED VIEW mv AS SELECT 1', 'CREATE MATERIALIZED VIEW'],
      ['CREATE CONSTRAINT TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()', 'CREATE TRIGGER'],
      ['CREATE TRUSTED PROCEDURAL LANGUAGE pl HANDLER h', 'CREATE LANGUAGE'],
      ['CREATE TEXT SEARCH CONFIGURATION c (COPY = english)', 'CREATE TEXT SEARCH CONFIGURATION'],
      ['ALTER TABLE users RENAME TO people', 'ALTER TABLE'],
      ['DROP FOREIGN DATA WRAPPER w', 'DROP FOREIGN DATA WRAPPER'],
      ["COMMENT ON TABLE t IS 'x'", 'COMMENT'],
      ["SECURITY LABEL FOR selinux ON TABLE t IS 'x'", 'SECURITY LABEL'],
      ['REVOKE ALL ON t FROM PUBLIC', 'REVOKE'],
      ['SELECT 1 INTO t', 'SELECT INTO'],
      ['CREATE USER alice', 'CREATE ROLE'],
      ['WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a', 'INSERT'],
      ['((SELECT 1) UNION (SELECT 2))', 'SELECT'],
      ['begin', 'BEGIN'],
      ['"select" 1', undefined],
    ])('%s is %s', (sql, kind) => {
      expect(classifySql(sql)[0].kind).toBe(kind);
    });
  });

  describe('what is not DDL', () => {
    it.each([
      'CREATE TEMP TABLE t (a int)',
      'CREATE LOCAL TEMPORARY TABLE t (a int)',
      'CREATE GLOBAL TEMP TABLE t AS SELECT 1',
      'CREATE OR REPLACE TEMP VIEW v AS SELECT 1',
      'CREATE TEMP SEQUENCE s',
      'CREATE TABLE pg_temp.t (a int)',
      'SELECT * INTO TEMP TABLE t FROM x',
      'SELECT * INTO pg_temp.t FROM x',
    ])('a temporary relation: %s', (sql) => {
      expect(classifySql(sql)[0]).toMatchObject({ ddl: false, temporary: true });
    });

    it.each([
      'CREATE ROLE app LOGIN',
      'ALTER USER app PASSWORD NULL',
      'DROP DATABASE IF EXISTS d',
      'CREATE TABLESPACE ts LOCATION $$/data$$',
      "ALTER SYSTEM SET work_mem = '64MB'",
      'GRANT app TO alice',
      'REVOKE ADMIN OPTION FOR app FROM alice',
      'GRANT CONNECT ON DATABASE d TO app',
      "COMMENT ON ROLE app IS 'x'",
    ])('a cluster-wide object: %s', (sql) => {
      expect(classifySql(sql)[0]).toMatchObject({ ddl: false, temporary: false });
    });

    it.each([
      'DO $$ BEGIN CREATE TABLE x (a int); END $$',
      'EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1',
      'REFRESH MATERIALIZED VIEW mv',
      'TRUNCATE users',
      'SELECT 1 AS into',
      'INSERT INTO t SELECT 1',
      "SELECT 'CREATE TABLE x (a int)'",
    ])('%s', (sql) => {
      expect(classifySql(sql)[0].ddl).toBe(false);
    });

    it('is still DDL for other statements on a temporary table', () => {
      expect(verdicts('CREATE TEMP TABLE t (a int); CREATE INDEX ON t (a); DROP TABLE t').map((v) => v.ddl)).toEqual([
        false,
        true,
        true,
      ]);
    });
  });

  describe('statement splitting', () => {
    it('does not split inside a BEGIN ATOMIC body', () => {
      const sql = `CREATE FUNCTION f() RETURNS int LANGUAGE sql
        BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; DROP TABLE t`;
      expect(classifySql(sql).map((s) => s.kind)).toEqual(['CREATE FUNCTION', 'DROP TABLE']);
    });

    it('does not split inside parentheses', () => {
      const sql = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b); SELECT 1';
      expect(classifySql(sql).map((s) => s.kind)).toEqual(['CREATE RULE', 'SELECT']);
    });

    it('keeps the rest in one statement after an unclosed parenthesis, which PostgreSQL rejects whole', () => {
      expect(verdicts('SELECT (1; DROP TABLE t')).toEqual([
        { ddl: false, kind: 'SELECT', target: undefined, dynamicTarget: false, temporary: false },
      ]);
    });

    it('ends a line comment at a carriage return', () => {
      expect(classifySql('SELECT 1 -- x\r;DROP TABLE t').map((s) => s.kind)).toEqual(['SELECT', 'DROP TABLE']);
    });
  });

  describe('unterminated input', () => {
    it.each([
      ["SELECT 'abc; DROP TABLE t", 'SELECT'],
      ["SELECT E'abc\\'; DROP TABLE t", 'SELECT'],
      ['SELECT "abc; DROP TABLE t', 'SELECT'],
      ['SELECT $x$ abc; DROP TABLE t', 'SELECT'],
      ['SELECT 1 /* abc; DROP TABLE t', 'SELECT'],
      ['SELECT 1 /* a /* b */ ; DROP TABLE t', 'SELECT'],
    ])('reads the rest of %j as inside', (sql, kind) => {
      expect(classifySql(sql).map((s) => [s.kind, s.ddl])).toEqual([[kind, false]]);
    });
  });

  it('leaves MySQL statements with backquoted names alone', () => {
    expect(classifySql('ALTER TABLE `groups` AUTO_INCREMENT = 1')).toMatchObject([{ ddl: false, kind: 'ALTER TABLE' }]);
    expect(findDdl('CREATE TABLE `users` (`id` int); CREATE TABLE posts (id int)').map((s) => s.target)).toEqual(['posts']);
    // inside strings, comments and quoted identifiers a backquote is just a character
    expect(findDdl("CREATE TABLE \"a`b\" (note text DEFAULT '`') -- `x`").map((s) => s.target)).toEqual(['"a`b"']);
  });

  describe('template holes', () => {
    it('reports a dynamic target', () => {
      expect(verdicts(['CREATE SCHEMA ', ''])).toEqual([
        { ddl: true, kind: 'CREATE SCHEMA', target: undefined, dynamicTarget: true, temporary: false },
      ]);
      expect(verdicts(['CREATE TABLE ', '.users (id int)'])[0].dynamicTarget).toBe(true);
      expect(verdicts(['CREATE TABLE tenant_', '_users (id int)'])[0].dynamicTarget).toBe(true);
      expect(verdicts(['CREATE TABLE "', '" (id int)'])[0].dynamicTarget).toBe(true);
    });

    it('keeps a static target when a hole is elsewhere', () => {
      expect(classifySql(['CREATE TABLE users (id ', ')'])[0]).toMatchObject({
        ddl: true,
        target: 'users',
        dynamicTarget: false,
        dynamic: true,
      });
    });

    it('writes holes into the text and gives offsets into the joined parts', () => {
      const parts = ["SELECT '", "'; DROP TABLE ", ''];
      expect(classifySql(parts).map(({ text, start, end, dynamic }) => ({ text, start, end, dynamic }))).toEqual([
        { text: "SELECT '${…}'", start: 0, end: 9, dynamic: true },
        { text: 'DROP TABLE ${…}', start: 11, end: 22, dynamic: true },
      ]);
    });

    it('leaves a statement without holes static', () => {
      expect(classifySql(['SELECT 1; DROP TABLE ', '']).map((s) => s.dynamic)).toEqual([false, true]);
    });

    it('reads a hole in a comment as part of the comment', () => {
      expect(verdicts(['-- ', '\nSELECT 1 -- ', ''])).toEqual([
        { ddl: false, kind: 'SELECT', target: undefined, dynamicTarget: false, temporary: false },
      ]);
    });

    it('skips a hole where a CREATE modifier may stand', () => {
      expect(verdicts(['CREATE ', ' INDEX i ON t (a)'])).toEqual([
        { ddl: true, kind: 'CREATE INDEX', target: 'i', dynamicTarget: false, temporary: false },
      ]);
    });

    it('says which hole a dynamic target holds', () => {
      // holes: 0 = schema prefix in the comment-free text, 1 = the table
      const parts = ['SET search_path TO ', '; CREATE TABLE IF NOT EXISTS "', '" (id int DEFAULT ', ')'];
      expect(classifySql(parts).map((s) => s.targetHole)).toEqual([undefined, 1]);
      expect(classifySql(['DROP TABLE IF EXISTS tenant_', '_users CASCADE'])[0].targetHole).toBe(0);
      expect(classifySql(['ALTER TABLE ', '.', ' ADD COLUMN a int'])[0].targetHole).toBe(0);
      expect(classifySql(['CREATE TABLE users (id ', ')'])[0].targetHole).toBeUndefined();
    });

    it('names the table an index, trigger or policy is on', () => {
      expect(classifySql(['CREATE INDEX ON ', ' (done) WHERE NOT done'])[0]).toMatchObject({
        kind: 'CREATE INDEX',
        target: undefined,
        dynamicTarget: false,
        relation: { name: undefined, dynamic: true, hole: 0 },
      });
      expect(classifySql('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON ONLY app.users (email)')[0].relation).toEqual({
        name: 'app.users',
        dynamic: false,
        hole: undefined,
      });
      expect(classifySql('CREATE TRIGGER touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()')[0].relation?.name).toBe('users');
      expect(classifySql('DROP POLICY IF EXISTS own_rows ON documents')[0].relation?.name).toBe('documents');
      expect(classifySql('CREATE TABLE users (id int)')[0].relation).toBeUndefined();
      expect(classifySql('DROP INDEX users_email')[0].relation).toBeUndefined();
    });

    it('tells an UNLOGGED table from a logged one', () => {
      expect(classifySql(['CREATE UNLOGGED TABLE ', ' (id uuid)'])[0]).toMatchObject({ ddl: true, unlogged: true, dynamicTarget: true });
      expect(classifySql('CREATE TABLE unlogged_events (id int)')[0].unlogged).toBe(false);
      expect(classifySql('SELECT * INTO UNLOGGED scratch FROM t')[0]).toMatchObject({ kind: 'SELECT INTO', unlogged: true });
    });

    it('treats an unknown object kind as DDL', () => {
      expect(verdicts(['CREATE ', ' foo'])[0]).toMatchObject({ ddl: true, kind: 'CREATE' });
    });

    it('cannot classify a statement that starts with a hole', () => {
      expect(classifySql(['', '; DROP TABLE t']).map(({ ddl, kind, dynamic }) => ({ ddl, kind, dynamic }))).toEqual([
        { ddl: false, kind: undefined, dynamic: true },
        { ddl: true, kind: 'DROP TABLE', dynamic: false },
      ]);
    });
  });
});

describe('findDdl', () => {
  it('returns only the DDL statements', () => {
    const found = findDdl('BEGIN; CREATE TABLE a (id int); INSERT INTO a VALUES (1); COMMIT');
    expect(found.map(({ kind, target }) => [kind, target])).toEqual([['CREATE TABLE', 'a']]);
  });

  it('reads template parts', () => {
    expect(findDdl(['GRANT USAGE ON SCHEMA ', ' TO ', '']).map((s) => s.dynamicTarget)).toEqual([true]);
  });

  it('returns nothing for DML', () => {
    expect(findDdl('UPDATE t SET comment = $1 WHERE id = $2')).toEqual([]);
  });
});
