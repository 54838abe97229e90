import { parse } from 'pg-connection-string';

import type { ConnectionInfo } from './types';

/**
 * Postgres URLs: `postgres://` and `postgresql://` (any case).
 *
 * A URL found in free text runs up to the first whitespace, quote or
 * backtick; a password with one of those must be percent-encoded anyway.
 * Its user info ends at the LAST `@` of that run, so a raw `@`, `/`, `?` or
 * `#` in a password never leaks through redaction (at worst a rare `@` in the
 * query makes the redaction wider than needed).
 */

const SCHEME = /postgres(?:ql)?:\/\//gi;
const TERMINATOR = /[\s'"`]/;
// Prose punctuation after a URL (`see postgres://h/db.`) is not part of it; `}` closes a `${…}` hole.
const TRAILING_PUNCTUATION = /[.,;:!?)\]>]+$/;

export interface UrlSpan {
  readonly start: number;
  readonly end: number;
}

/** Spans of every Postgres URL in `text`, in order, in linear time. */
export function findPostgresUrls(text: string): UrlSpan[] {
  const spans: UrlSpan[] = [];
  const scheme = new RegExp(SCHEME.source, 'gi');
  let match: RegExpExecArray | null;
  while ((match = scheme.exec(text))) {
    let end = match.index + match[0].length;
    while (end < text.length && !TERMINATOR.test(text[end])) end++;
    const trimmed = text.slice(match.index, end).replace(TRAILING_PUNCTUATION, '');
    spans.push({ start: match.index, end: match.index + Math.max(trimmed.length, match[0].length) });
    scheme.lastIndex = end;
  }
  return spans;
}

export interface UrlParts {
  /** index just after `://` */
  readonly authorityStart: number;
  /** index of the `@` ending the user info, or -1 */
  readonly at: number;
  /** index of the `:` between user and password inside the user info, or -1 */
  readonly passwordColon: number;
}

/** Locates user info and password in a URL as the redactor reads it (see the module comment). */
export function urlParts(url: string): UrlParts | undefined {
  const scheme = /^postgres(?:ql)?:\/\//i.exec(url);
  if (!scheme) return undefined;
  const authorityStart = scheme[0].length;
  const at = url.lastIndexOf('@');
  if (at < authorityStart) return { authorityStart, at: -1, passwordColon: -1 };
  const colon = url.indexOf(':', authorityStart);
  return { authorityStart, at, passwordColon: colon !== -1 && colon < at ? colon : -1 };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || host;
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

interface Authority {
  user?: string;
  password?: string;
  hosts: string[];
  port?: string;
  database?: string;
}

/** The split the redactor uses, for URLs the WHATWG parser rejects (a raw `/` in a password, several hosts). */
function splitAuthority(base: string): Authority {
  const parts = urlParts(base)!;
  const userInfo = parts.at === -1 ? '' : base.slice(parts.authorityStart, parts.at);
  const afterUser = parts.at === -1 ? parts.authorityStart : parts.at + 1;
  const slash = base.indexOf('/', afterUser);
  const hostList = base.slice(afterUser, slash === -1 ? base.length : slash);
  const colon = userInfo.indexOf(':');
  const hostEntries = hostList === '' ? [] : hostList.split(',');
  const firstPort = hostEntries[0]?.startsWith('[') ? hostEntries[0].split(']:')[1] : hostEntries[0]?.split(':')[1];
  return {
    user: userInfo === '' ? undefined : safeDecode(colon === -1 ? userInfo : userInfo.slice(0, colon)),
    password: colon === -1 ? undefined : safeDecode(userInfo.slice(colon + 1)),
    hosts: hostEntries.map((entry) => safeDecode(stripPort(entry).replace(/^\[(.*)\]$/, '$1'))).filter((host) => host !== ''),
    port: firstPort || undefined,
    database: slash === -1 || slash === base.length - 1 ? undefined : safeDecode(base.slice(slash + 1)),
  };
}

/** pg-connection-string's reading of a query-less URL; undefined when it throws. */
function parseAuthority(base: string): Authority | undefined {
  try {
    const parsed = parse(base);
    return {
      user: parsed.user || undefined,
      password: parsed.password || undefined,
      hosts: parsed.host ? [parsed.host] : [],
      port: parsed.port || undefined,
      database: parsed.database ?? undefined,
    };
  } catch {
    return undefined;
  }
}

/** Splits a URL at its query: the first `?` or `#`, searched from `from`. */
function cutQuery(url: string, from: number): { base: string; query: string } {
  const offset = url.slice(from).search(/[?#]/);
  if (offset === -1) return { base: url, query: '' };
  const cut = from + offset;
  return { base: url.slice(0, cut), query: url[cut] === '?' ? url.slice(cut + 1).split('#')[0] : '' };
}

/**
 * Parses one Postgres URL; never throws. The query is read here, not by
 * pg-connection-string, whose parser reads certificate files named in it and
 * prints warnings about `sslmode`. When the user info holds a raw `?`, `#` or
 * `/`, or several hosts are named, the redactor's last-`@` split is used instead.
 */
export function parsePostgresUrl(url: string): ConnectionInfo | undefined {
  const parts = urlParts(url);
  if (!parts) return undefined;
  // A `/`, `?` or `#` before the last `@` is read as part of the password, as the redactor does.
  const rawUserInfo = parts.at !== -1 && /[/?#]/.test(url.slice(parts.authorityStart, parts.at));
  let { base, query } = cutQuery(url, parts.authorityStart);
  let authority = rawUserInfo ? undefined : parseAuthority(base);
  if (!authority) {
    ({ base, query } = cutQuery(url, parts.at === -1 ? parts.authorityStart : parts.at + 1));
    authority = splitAuthority(base);
  }
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(query)) params.set(key, value);
  // As in pg-connection-string, query parameters win over the authority.
  const hostParam = params.get('host');
  const info: ConnectionInfo = {
    kind: 'url',
    user: params.get('user') || authority.user,
    password: params.get('password') || authority.password,
    hosts: hostParam ? hostParam.split(',') : authority.hosts,
    port: params.get('port') || authority.port,
    database: authority.database ?? params.get('dbname'),
    params,
  };
  for (const key of ['host', 'user', 'password', 'port', 'dbname']) params.delete(key);
  return info;
}
