/**
 * The keywords that open a statement able to change the schema. The only
 * other way is `SELECT ... INTO`. The classifier dispatches on this list and
 * the fast path scans for it, so the two cannot drift apart.
 */
export const SCHEMA_CHANGE_VERBS = [
  'create',
  'alter',
  'drop',
  'comment',
  'grant',
  'revoke',
  'security',
  'import',
  'reassign',
] as const;

export type SchemaChangeVerb = (typeof SCHEMA_CHANGE_VERBS)[number];
