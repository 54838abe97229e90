/**
 * SQL to classify: a string, or the static parts of a template literal (its
 * quasis' cooked text) with a `${...}` hole between each two parts.
 */
export type SqlText = string | readonly string[];

/** A name in a statement, as `SqlStatement.target` and `dynamicTarget` describe the target's. */
export interface SqlObjectName {
  readonly name: string | undefined;
  readonly dynamic: boolean;
  /** which hole of the text the name holds, when it holds one */
  readonly hole: number | undefined;
}

export interface SqlStatement {
  /** Whether the statement changes the database's schema (see `classifySql`). */
  readonly ddl: boolean;
  /**
   * PostgreSQL's command tag for schema statements, with or without `ddl`:
   * `CREATE TABLE`, `CREATE TABLE AS`, `ALTER TABLE`, `DROP INDEX`, `COMMENT`,
   * `GRANT`, `SELECT INTO`, `CREATE ROLE`; just the verb (`CREATE`) when the
   * object kind is unknown or a hole. Otherwise the leading keyword in upper
   * case (`SELECT`, `INSERT`, `BEGIN`), seen through leading parentheses and
   * `WITH`. Undefined when the statement does not start with a keyword.
   */
  readonly kind: string | undefined;
  /**
   * The name of the object as written, schema-qualified if it was, without
   * whitespace or comments: `users`, `public."Users"`, `users.email` for
   * `COMMENT ON COLUMN`. `IF [NOT] EXISTS`, `ONLY`, `CONCURRENTLY` and the
   * like are skipped. Undefined when the syntax names no object here
   * (`CREATE INDEX ON t`, `GRANT ... ON ALL TABLES IN SCHEMA s`) or the name
   * contains a hole; for a list (`DROP TABLE a, b`) the first name.
   */
  readonly target: string | undefined;
  /** The target's name is, or contains, a hole: `CREATE SCHEMA ${tenant}`. */
  readonly dynamicTarget: boolean;
  /** Which hole of the text (0 for the first `${…}`) the target's name holds, when it holds one. */
  readonly targetHole: number | undefined;
  /**
   * The table an index, trigger or policy belongs to (`CREATE INDEX ON t`,
   * `CREATE TRIGGER x … ON t`, `DROP POLICY p ON t`), when the statement names one;
   * `name` is undefined when it holds a hole.
   */
  readonly relation: SqlObjectName | undefined;
  /** A hole occurs anywhere in the statement, even inside a string. */
  readonly dynamic: boolean;
  /** The statement creates a temporary relation (`CREATE TEMP TABLE`, `pg_temp.x`), which is not DDL. */
  readonly temporary: boolean;
  /** `CREATE UNLOGGED TABLE`, `SELECT … INTO UNLOGGED`: no write-ahead log, emptied after a crash; typical of scratch tables. */
  readonly unlogged: boolean;
  /** The statement's text, each hole written as `${…}`. */
  readonly text: string;
  /**
   * Offsets of the first and past the last character of the statement,
   * without surrounding whitespace, comments or the `;`. For parts, offsets
   * into `parts.join('')`: a hole takes no room.
   */
  readonly start: number;
  readonly end: number;
}
