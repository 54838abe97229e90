/**
 * The oracle for the differential tests: PostgreSQL's own parser
 * (libpg-query, PostgreSQL 17), with DESIGN.md's notion of DDL written as a
 * table of parse-tree node types. It answers, per statement, DDL or not,
 * and where the parse tree tells them plainly the command tag and the
 * target's name, for the classifier's answers to be compared with.
 */
import { loadModule, parseSync } from 'libpg-query';

export interface OracleStatement {
  readonly node: string;
  readonly ddl: boolean;
  /** The command tag, when the oracle knows it for this node type. */
  readonly kind: string | undefined;
  /** Whether the oracle knows the target for this node type; `target` is undefined when the statement names none. */
  readonly targetKnown: boolean;
  /** The target, folded as PostgreSQL stores names (`public.Users`). */
  readonly target: string | undefined;
  /** The statement's span: from after the previous `;` to before its own `;`. */
  readonly start: number;
  readonly end: number;
}

/** Node types that always change the schema. */
const ALWAYS_DDL = new Set([
  'AlterCollationStmt',
  'AlterDefaultPrivilegesStmt',
  'AlterDomainStmt',
  'AlterEnumStmt',
  'AlterEventTrigStmt',
  'AlterExtensionContentsStmt',
  'AlterExtensionStmt',
  'AlterFdwStmt',
  'AlterForeignServerStmt',
  'AlterFunctionStmt',
  'AlterObjectDependsStmt',
  'AlterObjectSchemaStmt',
  'AlterOpFamilyStmt',
  'AlterOperatorStmt',
  'AlterPolicyStmt',
  'AlterPublicationStmt',
  'AlterSeqStmt',
  'AlterStatsStmt',
  'AlterSubscriptionStmt',
  'AlterTSConfigurationStmt',
  'AlterTSDictionaryStmt',
  'AlterTableMoveAllStmt',
  'AlterTableStmt',
  'AlterTypeStmt',
  'AlterUserMappingStmt',
  'CompositeTypeStmt',
  'CreateAmStmt',
  'CreateCastStmt',
  'CreateConversionStmt',
  'CreateDomainStmt',
  'CreateEnumStmt',
  'CreateEventTrigStmt',
  'CreateExtensionStmt',
  'CreateFdwStmt',
  'CreateForeignServerStmt',
  'CreateForeignTableStmt',
  'CreateFunctionStmt',
  'CreateOpClassStmt',
  'CreateOpFamilyStmt',
  'CreatePLangStmt',
  'CreatePolicyStmt',
  'CreatePublicationStmt',
  'CreateRangeStmt',
  'CreateSchemaStmt',
  'CreateStatsStmt',
  'CreateSubscriptionStmt',
  'CreateTransformStmt',
  'CreateTrigStmt',
  'CreateUserMappingStmt',
  'DefineStmt',
  'DropOwnedStmt',
  'DropStmt',
  'DropSubscriptionStmt',
  'DropUserMappingStmt',
  'ImportForeignSchemaStmt',
  'IndexStmt',
  'ReassignOwnedStmt',
  'RuleStmt',
]);

/** Node types that never do: data, sessions, maintenance, and cluster-wide objects. */
const NEVER_DDL = new Set([
  'AlterDatabaseRefreshCollStmt',
  'AlterDatabaseSetStmt',
  'AlterDatabaseStmt',
  'AlterRoleSetStmt',
  'AlterRoleStmt',
  'AlterSystemStmt',
  'AlterTableSpaceOptionsStmt',
  'CallStmt',
  'CheckPointStmt',
  'ClosePortalStmt',
  'ClusterStmt',
  'ConstraintsSetStmt',
  'CopyStmt',
  'CreateRoleStmt',
  'CreateTableSpaceStmt',
  'CreatedbStmt',
  'DeallocateStmt',
  'DeclareCursorStmt',
  'DeleteStmt',
  'DiscardStmt',
  'DoStmt',
  'DropRoleStmt',
  'DropTableSpaceStmt',
  'DropdbStmt',
  'ExecuteStmt',
  'ExplainStmt',
  'FetchStmt',
  'GrantRoleStmt',
  'InsertStmt',
  'ListenStmt',
  'LoadStmt',
  'LockStmt',
  'MergeStmt',
  'NotifyStmt',
  'PrepareStmt',
  'RefreshMatViewStmt',
  'ReindexStmt',
  'TransactionStmt',
  'TruncateStmt',
  'UnlistenStmt',
  'UpdateStmt',
  'VacuumStmt',
  'VariableSetStmt',
  'VariableShowStmt',
]);

/** Object types of cluster-wide objects, in COMMENT, SECURITY LABEL, GRANT, RENAME and OWNER TO. */
const SHARED_OBJECT_TYPES = new Set(['OBJECT_DATABASE', 'OBJECT_ROLE', 'OBJECT_TABLESPACE', 'OBJECT_PARAMETER_ACL']);

/** ObjectType names whose command-tag spelling is not the name with `_` as space. */
const OBJECT_TYPE_TAGS: Readonly<Record<string, string>> = {
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_FDW: 'FOREIGN DATA WRAPPER',
  OBJECT_FOREIGN_SERVER: 'SERVER',
  OBJECT_OPCLASS: 'OPERATOR CLASS',
  OBJECT_OPFAMILY: 'OPERATOR FAMILY',
  OBJECT_TSCONFIGURATION: 'TEXT SEARCH CONFIGURATION',
  OBJECT_TSDICTIONARY: 'TEXT SEARCH DICTIONARY',
  OBJECT_TSPARSER: 'TEXT SEARCH PARSER',
  OBJECT_TSTEMPLATE: 'TEXT SEARCH TEMPLATE',
  OBJECT_STATISTIC_EXT: 'STATISTICS',
  OBJECT_LARGEOBJECT: 'LARGE OBJECT',
  OBJECT_ATTRIBUTE: 'TYPE',
  OBJECT_DOMCONSTRAINT: 'DOMAIN',
  OBJECT_TABCONSTRAINT: 'TABLE',
  OBJECT_COLUMN: 'TABLE',
};

// The parse tree is plain JSON whose shape depends on the node type.
type Json = any;

const DROP_TARGET_KINDS = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_INDEX',
  'OBJECT_SEQUENCE',
  'OBJECT_FOREIGN_TABLE',
  'OBJECT_SCHEMA',
  'OBJECT_EXTENSION',
]);

/** Statements whose node type tells their leading keyword, the classifier's kind for them. */
const LEADING_KEYWORDS: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TruncateStmt: 'TRUNCATE',
  CopyStmt: 'COPY',
  ExplainStmt: 'EXPLAIN',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  LockStmt: 'LOCK',
  ListenStmt: 'LISTEN',
  NotifyStmt: 'NOTIFY',
  UnlistenStmt: 'UNLISTEN',
  RefreshMatViewStmt: 'REFRESH',
  ClusterStmt: 'CLUSTER',
  ReindexStmt: 'REINDEX',
  CheckPointStmt: 'CHECKPOINT',
  DiscardStmt: 'DISCARD',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  DeclareCursorStmt: 'DECLARE',
  LoadStmt: 'LOAD',
  VariableShowStmt: 'SHOW',
};

function objectTypeTag(objectType: string): string {
  return OBJECT_TYPE_TAGS[objectType] ?? objectType.replace(/^OBJECT_/, '').replaceAll('_', ' ');
}

function rangeVarName(rangeVar: Json): string {
  return [rangeVar.catalogname, rangeVar.schemaname, rangeVar.relname].filter(Boolean).join('.');
}

function stringListName(list: Json): string | undefined {
  const items: Json[] | undefined = list?.List?.items ?? (Array.isArray(list) ? list : undefined);
  if (items?.every((item) => item.String)) return items.map((item) => item.String.sval).join('.');
  return list?.String?.sval;
}

/** Whether a relation is temporary, as PostgreSQL decides it: `TEMP`, or created in `pg_temp`. */
function isTemporary(rangeVar: Json): boolean {
  return rangeVar.relpersistence === 't' || rangeVar.schemaname === 'pg_temp';
}

/** The INTO clause of a SELECT, in any operand of its set operation. */
function selectInto(select: Json): Json {
  if (!select) return undefined;
  return select.intoClause ?? selectInto(select.larg) ?? selectInto(select.rarg);
}

interface Judgement {
  readonly ddl: boolean;
  readonly kind?: string;
  readonly target?: string;
}

function judge(node: string, body: Json): Judgement {
  switch (node) {
    case 'CreateStmt':
      return { ddl: !isTemporary(body.relation), kind: 'CREATE TABLE', target: rangeVarName(body.relation) };
    case 'CreateTableAsStmt':
      return {
        // The server refuses a temporary materialized view, so its persistence is not looked at.
        ddl: body.objtype === 'OBJECT_MATVIEW' || !isTemporary(body.into.rel),
        kind: body.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS',
        target: rangeVarName(body.into.rel),
      };
    case 'ViewStmt':
      return { ddl: !isTemporary(body.view), kind: 'CREATE VIEW', target: rangeVarName(body.view) };
    case 'CreateSeqStmt':
      return { ddl: !isTemporary(body.sequence), kind: 'CREATE SEQUENCE', target: rangeVarName(body.sequence) };
    case 'SelectStmt': {
      const into = selectInto(body);
      if (!into) return { ddl: false };
      return { ddl: !isTemporary(into.rel), kind: 'SELECT INTO', target: rangeVarName(into.rel) };
    }
    case 'RenameStmt':
      return {
        ddl: !SHARED_OBJECT_TYPES.has(body.renameType),
        kind: `ALTER ${objectTypeTag(body.renameType === 'OBJECT_COLUMN' ? body.relationType : body.renameType)}`,
      };
    case 'AlterOwnerStmt':
      return { ddl: !SHARED_OBJECT_TYPES.has(body.objectType), kind: `ALTER ${objectTypeTag(body.objectType)}` };
    case 'CommentStmt':
      return { ddl: !SHARED_OBJECT_TYPES.has(body.objtype), kind: 'COMMENT' };
    case 'SecLabelStmt':
      return { ddl: !SHARED_OBJECT_TYPES.has(body.objtype), kind: 'SECURITY LABEL' };
    case 'GrantStmt':
      return { ddl: !SHARED_OBJECT_TYPES.has(body.objtype), kind: body.is_grant ? 'GRANT' : 'REVOKE' };
    case 'GrantRoleStmt':
      return { ddl: false, kind: body.is_grant ? 'GRANT' : 'REVOKE' };
    default:
      break;
  }
  if (!ALWAYS_DDL.has(node) && !NEVER_DDL.has(node)) {
    throw new Error(`oracle: node type ${node} is in neither table; decide whether it is DDL`);
  }
  return { ddl: ALWAYS_DDL.has(node), ...describeNode(node, body) };
}

/** Command tag and target for the node types where the tree says them plainly. */
function describeNode(node: string, body: Json): { kind?: string; target?: string } {
  switch (node) {
    case 'IndexStmt':
      return { kind: 'CREATE INDEX', target: body.idxname };
    case 'AlterTableStmt':
      return { kind: `ALTER ${objectTypeTag(body.objtype)}`, target: rangeVarName(body.relation) };
    case 'AlterObjectSchemaStmt':
      return { kind: `ALTER ${objectTypeTag(body.objectType)}` };
    case 'AlterSeqStmt':
      return { kind: 'ALTER SEQUENCE', target: rangeVarName(body.sequence) };
    case 'DropStmt':
      // Other kinds name their objects with arguments or with their table (`DROP TRIGGER t ON tbl`).
      return DROP_TARGET_KINDS.has(body.removeType)
        ? { kind: `DROP ${objectTypeTag(body.removeType)}`, target: stringListName(body.objects[0]) }
        : { kind: `DROP ${objectTypeTag(body.removeType)}` };
    case 'CreateSchemaStmt':
      return { kind: 'CREATE SCHEMA', target: body.schemaname ?? body.authrole?.rolename };
    case 'CreateExtensionStmt':
      return { kind: 'CREATE EXTENSION', target: body.extname };
    case 'AlterExtensionStmt':
    case 'AlterExtensionContentsStmt':
      return { kind: 'ALTER EXTENSION', target: body.extname };
    case 'CreateFunctionStmt':
      return {
        kind: body.is_procedure ? 'CREATE PROCEDURE' : 'CREATE FUNCTION',
        target: stringListName(body.funcname),
      };
    case 'CreateTrigStmt':
      return { kind: 'CREATE TRIGGER', target: body.trigname };
    case 'CreatePolicyStmt':
      return { kind: 'CREATE POLICY', target: body.policy_name };
    case 'AlterPolicyStmt':
      return { kind: 'ALTER POLICY', target: body.policy_name };
    case 'RuleStmt':
      return { kind: 'CREATE RULE', target: body.rulename };
    case 'CreateDomainStmt':
      return { kind: 'CREATE DOMAIN', target: stringListName(body.domainname) };
    case 'CreateEnumStmt':
    case 'CreateRangeStmt':
      return { kind: 'CREATE TYPE', target: stringListName(body.typeName) };
    case 'CompositeTypeStmt':
      return { kind: 'CREATE TYPE', target: rangeVarName(body.typevar) };
    case 'AlterEnumStmt':
      return { kind: 'ALTER TYPE', target: stringListName(body.typeName) };
    case 'DefineStmt':
      return { kind: `CREATE ${objectTypeTag(body.kind)}` };
    case 'CreateForeignTableStmt':
      return { kind: 'CREATE FOREIGN TABLE', target: rangeVarName(body.base.relation) };
    case 'CreateEventTrigStmt':
      return { kind: 'CREATE EVENT TRIGGER', target: body.trigname };
    case 'CreateCastStmt':
      return { kind: 'CREATE CAST' };
    case 'CreateStatsStmt':
      return { kind: 'CREATE STATISTICS' };
    case 'CreatePublicationStmt':
      return { kind: 'CREATE PUBLICATION', target: body.pubname };
    case 'CreateSubscriptionStmt':
      return { kind: 'CREATE SUBSCRIPTION', target: body.subname };
    case 'CreateAmStmt':
      return { kind: 'CREATE ACCESS METHOD', target: body.amname };
    case 'CreateUserMappingStmt':
      return { kind: 'CREATE USER MAPPING' };
    case 'CreateTransformStmt':
      return { kind: 'CREATE TRANSFORM' };
    case 'CreatePLangStmt':
      return { kind: 'CREATE LANGUAGE', target: body.plname };
    case 'CreateConversionStmt':
      return { kind: 'CREATE CONVERSION', target: stringListName(body.conversion_name) };
    case 'CreateFdwStmt':
      return { kind: 'CREATE FOREIGN DATA WRAPPER', target: body.fdwname };
    case 'CreateForeignServerStmt':
      return { kind: 'CREATE SERVER', target: body.servername };
    case 'CreateOpClassStmt':
      return { kind: 'CREATE OPERATOR CLASS', target: stringListName(body.opclassname) };
    case 'CreateOpFamilyStmt':
      return { kind: 'CREATE OPERATOR FAMILY', target: stringListName(body.opfamilyname) };
    case 'AlterDefaultPrivilegesStmt':
      return { kind: 'ALTER DEFAULT PRIVILEGES' };
    case 'ImportForeignSchemaStmt':
      return { kind: 'IMPORT FOREIGN SCHEMA' };
    case 'DropOwnedStmt':
      return { kind: 'DROP OWNED' };
    case 'ReassignOwnedStmt':
      return { kind: 'REASSIGN OWNED' };
    case 'CreateRoleStmt':
      return { kind: 'CREATE ROLE', target: body.role };
    case 'DropRoleStmt':
      return { kind: 'DROP ROLE' };
    case 'AlterRoleStmt':
    case 'AlterRoleSetStmt':
      return { kind: 'ALTER ROLE' };
    case 'CreatedbStmt':
      return { kind: 'CREATE DATABASE', target: body.dbname };
    case 'DropdbStmt':
      return { kind: 'DROP DATABASE', target: body.dbname };
    case 'AlterDatabaseStmt':
    case 'AlterDatabaseSetStmt':
      return { kind: 'ALTER DATABASE', target: body.dbname };
    case 'CreateTableSpaceStmt':
      return { kind: 'CREATE TABLESPACE', target: body.tablespacename };
    case 'AlterSystemStmt':
      return { kind: 'ALTER SYSTEM' };
    default:
      return LEADING_KEYWORDS[node] === undefined ? {} : { kind: LEADING_KEYWORDS[node] };
  }
}

export async function loadOracle(): Promise<void> {
  await loadModule();
}

/** Parses `sql` with PostgreSQL's parser; throws on a syntax error. */
export function oracle(sql: string): OracleStatement[] {
  const tree = parseSync(sql) as { stmts?: { stmt: Json; stmt_location?: number; stmt_len?: number }[] };
  return (tree.stmts ?? []).map(({ stmt, stmt_location: location = 0, stmt_len: length = 0 }) => {
    const [node] = Object.keys(stmt);
    const judgement = judge(node, stmt[node]);
    // libpg-query counts bytes of UTF-8; the classifier counts UTF-16 code units.
    const start = byteToCharOffset(sql, location);
    const end = length === 0 ? sql.length : byteToCharOffset(sql, location + length);
    return {
      node,
      ddl: judgement.ddl,
      kind: judgement.kind,
      targetKnown: 'target' in judgement,
      target: judgement.target,
      start,
      end,
    };
  });
}

function byteToCharOffset(text: string, byteOffset: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}
