export { classifySql, findDdl } from './classify';
export { mayContainDdl } from './fast-path';
export type { SqlObjectName, SqlStatement, SqlText } from './types';
