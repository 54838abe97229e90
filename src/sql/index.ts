export { classifySql, findDdl } from './classify';
export { mayContainDdl } from './fast-path';
export type { SqlStatement, SqlText } from './types';
