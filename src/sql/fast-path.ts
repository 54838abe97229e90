import { SCHEMA_CHANGE_VERBS } from './keywords';
import type { SqlText } from './types';

const KEYWORDS_BY_LENGTH: string[][] = [];
for (const keyword of [...SCHEMA_CHANGE_VERBS, 'select', 'into']) {
  (KEYWORDS_BY_LENGTH[keyword.length] ??= []).push(keyword);
}

/** Letters, digits, `_` and non-ASCII: the characters of an identifier, less `$`. */
function isWordCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code >= 0x80
  );
}

function equalsKeyword(text: string, start: number, keyword: string): boolean {
  for (let k = 0; k < keyword.length; k++) {
    if ((text.charCodeAt(start + k) | 0x20) !== keyword.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * A cheap test to run before `findDdl`: false means the text holds no DDL.
 * It looks for the leading keywords of schema-changing statements as whole
 * words, and for `SELECT` together with `INTO`, without reading quotes or
 * comments. A keyword token of the classifier never touches a letter, digit
 * or `_`, so it is always one of the runs this scan compares (a run that
 * touches `$`, as in `a$create`, is a superset kept for simplicity).
 */
export function mayContainDdl(sql: SqlText): boolean {
  let sawSelect = false;
  let sawInto = false;
  for (const part of typeof sql === 'string' ? [sql] : sql) {
    let at = 0;
    while (at < part.length) {
      if (!isWordCharacter(part.charCodeAt(at))) {
        at++;
        continue;
      }
      const start = at;
      do at++;
      while (at < part.length && isWordCharacter(part.charCodeAt(at)));
      for (const keyword of KEYWORDS_BY_LENGTH[at - start] ?? []) {
        if (!equalsKeyword(part, start, keyword)) continue;
        if (keyword === 'select') sawSelect = true;
        else if (keyword === 'into') sawInto = true;
        else return true;
        if (sawSelect && sawInto) return true;
      }
    }
  }
  return false;
}
