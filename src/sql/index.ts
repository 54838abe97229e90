export { classifySql, findDdl } from './classify';
export { DDL_HINT_WORDS, mayContainDdl } from './fast-path';
export type { SqlObjectName, SqlStatement, SqlText } from './types';
