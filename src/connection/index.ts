/**
 * Find, parse and redact Postgres connection strings: URLs (`postgres://`,
 * `postgresql://`) and libpq key=value DSNs. Pure functions that never throw
 * and run in linear time, shared by the rules (detection, messages) and the
 * codemods (which must never print a secret).
 */
import { dsnInfo, findKeyValueDsns } from './dsn';
import { classifyHosts, isNeonHost, type HostClass } from './hosts';
import { HOLE, isNeonPassword, isRealPassword } from './placeholders';
import type { ConnectionInfo } from './types';
import { findPostgresUrls, parsePostgresUrl } from './url';

export type { ConnectionInfo } from './types';
export { findKeyValueDsns, parseKeyValueDsn, LIBPQ_KEYWORDS } from './dsn';
export { classifyHost, classifyHosts, isLocalHost, isNeonHost, isNeonPooledHost, type HostClass } from './hosts';
export { HOLE, isNeonPassword, isPlaceholderHost, isPlaceholderPassword, isRealPassword } from './placeholders';
export { MASK, redact } from './redact';
export { findPostgresUrls, parsePostgresUrl } from './url';

export interface FoundConnection {
  readonly kind: 'url' | 'dsn';
  readonly start: number;
  readonly end: number;
  /** the connection string as written (still holding its password: redact before showing it) */
  readonly text: string;
  readonly info: ConnectionInfo;
}

/**
 * A DSN has at least one identifying key followed by `=` (see dsn.ts). In
 * source text the space before `=` may be written as an escape (`host\t=`).
 */
const DSN_KEY = /(?:host|hostaddr|dbname|password)(?:\s|\\[nrtvf])*=/;

/** Cheap pre-filter, on a string or on a whole file's text: could `text` hold a URL or a DSN at all? */
export function mayContainConnectionString(text: string): boolean {
  return /postgres/i.test(text) || DSN_KEY.test(text);
}

/** Every Postgres URL and DSN in `text`, in order. */
export function findConnectionStrings(text: string): FoundConnection[] {
  if (!mayContainConnectionString(text)) return [];
  const found: FoundConnection[] = [];
  const urls = findPostgresUrls(text);
  for (const span of urls) {
    const url = text.slice(span.start, span.end);
    const info = parsePostgresUrl(url);
    if (info) found.push({ kind: 'url', start: span.start, end: span.end, text: url, info });
  }
  if (text.includes('=')) {
    let urlIndex = 0;
    for (const span of findKeyValueDsns(text)) {
      while (urlIndex < urls.length && urls[urlIndex].end <= span.start) urlIndex++;
      // A DSN overlapping a URL (`host=postgres://…`) is the URL's to report.
      if (urlIndex < urls.length && urls[urlIndex].start < span.end) continue;
      found.push({ kind: 'dsn', start: span.start, end: span.end, text: text.slice(span.start, span.end), info: dsnInfo(span) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Joins the static parts of a template or concatenation, marking each dynamic hole with {@link HOLE}. */
export function joinStaticParts(parts: readonly string[]): string {
  return parts.join(HOLE);
}

export interface CredentialAssessment {
  /** a non-empty password that is not a placeholder or a hole */
  readonly hasPassword: boolean;
  /** the password has Neon's `npg_` shape: never one for a local database */
  readonly neonPassword: boolean;
  readonly host: HostClass;
  readonly neon: boolean;
}

export function assessCredentials(info: ConnectionInfo): CredentialAssessment {
  const hasPassword = isRealPassword(info.password);
  return {
    hasPassword,
    neonPassword: hasPassword && isNeonPassword(info.password!),
    host: classifyHosts(info.hosts),
    neon: info.hosts.some(isNeonHost),
  };
}
