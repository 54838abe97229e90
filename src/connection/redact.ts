import { readDsnValue } from './dsn';
import { findPostgresUrls, urlParts } from './url';

/**
 * `redact(text)` masks every password in Postgres URLs and key=value
 * connection strings found in arbitrary text, in linear time:
 *
 * - the user-info password of a URL (`postgres://alice:****@host/db`);
 * - a `password=` query parameter of a URL, up to `&` or `#`;
 * - any other `password = value` (any case, also `PGPASSWORD=` or
 *   `sslpassword=`), up to whitespace or the closing quote, as a DSN reads it.
 *
 * It errs on the side of masking too much: text after a password-like key is
 * masked even when it is not a DSN.
 */

export const MASK = '****';

interface Range {
  start: number;
  end: number;
}

function urlPasswordRanges(text: string, start: number, end: number, ranges: Range[]): void {
  const url = text.slice(start, end);
  const parts = urlParts(url);
  if (!parts) return;
  if (parts.passwordColon !== -1 && parts.at > parts.passwordColon + 1) {
    ranges.push({ start: start + parts.passwordColon + 1, end: start + parts.at });
  }
  const queryParam = /[?&]password=/gi;
  let match: RegExpExecArray | null;
  while ((match = queryParam.exec(url))) {
    const valueStart = match.index + match[0].length;
    let valueEnd = valueStart;
    while (valueEnd < url.length && url[valueEnd] !== '&' && url[valueEnd] !== '#') valueEnd++;
    if (valueEnd > valueStart) ranges.push({ start: start + valueStart, end: start + valueEnd });
    queryParam.lastIndex = valueEnd;
  }
}

function keywordPasswordRanges(text: string, urls: readonly Range[], ranges: Range[]): void {
  const keyword = /password[ \t]*=[ \t]*/gi;
  let urlIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = keyword.exec(text))) {
    while (urlIndex < urls.length && urls[urlIndex].end <= match.index) urlIndex++;
    // Inside a URL, the query rules above apply.
    if (urlIndex < urls.length && urls[urlIndex].start <= match.index) continue;
    const valueStart = match.index + match[0].length;
    const quote = text[valueStart];
    let valueEnd: number;
    if (quote === '"') {
      const close = text.indexOf('"', valueStart + 1);
      valueEnd = close === -1 ? text.length : close + 1;
    } else {
      valueEnd = readDsnValue(text, valueStart).end;
    }
    if (valueEnd > valueStart) ranges.push({ start: valueStart, end: valueEnd });
    keyword.lastIndex = Math.max(valueEnd, keyword.lastIndex);
  }
}

/** Masks every connection-string password in `text`; never throws. */
export function redact(text: string): string {
  if (typeof text !== 'string' || text === '') return text;
  const lower = text.toLowerCase();
  if (!lower.includes('postgres') && !lower.includes('password')) return text;
  const urls = findPostgresUrls(text);
  const ranges: Range[] = [];
  for (const url of urls) urlPasswordRanges(text, url.start, url.end, ranges);
  keywordPasswordRanges(text, urls, ranges);
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const range of ranges) {
    if (range.end <= cursor) continue;
    result += text.slice(cursor, Math.max(cursor, range.start)) + (range.start >= cursor ? MASK : '');
    cursor = range.end;
  }
  return result + text.slice(cursor);
}
