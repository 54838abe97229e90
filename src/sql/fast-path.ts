import { SCHEMA_CHANGE_VERBS } from './keywords';
import type { SqlText } from './types';

/** Letters, digits, `_` and non-ASCII (UTF-16 units): the characters of an identifier, less `$`. */
const WORD_CHARACTER = '[A-Za-z0-9_\\u0080-\\uffff]';
/** The leading keywords of schema-changing statements, and `select` / `into` (`SELECT … INTO` creates a table): the words `mayContainDdl` looks for. */
export const DDL_HINT_WORDS: readonly string[] = [...SCHEMA_CHANGE_VERBS, 'select', 'into'];
/** One of DDL_HINT_WORDS as a whole word, in any case. */
const KEYWORD = new RegExp(`(?<!${WORD_CHARACTER})(?:${DDL_HINT_WORDS.join('|')})(?!${WORD_CHARACTER})`, 'gi');
const SHORTEST_KEYWORD = Math.min(...DDL_HINT_WORDS.map((keyword) => keyword.length));

/**
 * A cheap test to run before `findDdl`: false means the text holds no DDL.
 * It looks for the leading keywords of schema-changing statements as whole
 * words, and for `SELECT` together with `INTO`, without reading quotes or
 * comments. A keyword token of the classifier never touches a letter, digit
 * or `_`, so it is always one of the words this scan compares (a word that
 * touches `$`, as in `a$create`, is a superset kept for simplicity). One
 * regular expression per part: strings in code are mostly short and hold none.
 */
export function mayContainDdl(sql: SqlText): boolean {
  let sawSelect = false;
  let sawInto = false;
  for (const part of typeof sql === 'string' ? [sql] : sql) {
    if (part.length < SHORTEST_KEYWORD) continue;
    KEYWORD.lastIndex = 0;
    for (let match = KEYWORD.exec(part); match; match = KEYWORD.exec(part)) {
      const keyword = match[0].toLowerCase();
      if (keyword === 'select') sawSelect = true;
      else if (keyword === 'into') sawInto = true;
      else return true;
      if (sawSelect && sawInto) return true;
    }
  }
  return false;
}
