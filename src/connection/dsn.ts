import type { ConnectionInfo } from './types';

/**
 * libpq key=value connection strings: `host=h user=u password='a b' dbname=d`.
 * Pairs are separated by whitespace, spaces around `=` are allowed, a value
 * is either single-quoted (with `\'` and `\\` escapes) or runs to the next
 * whitespace (with `\` escapes).
 *
 * To stay clear of SQL and prose, a DSN found in free text is a run of at
 * least two adjacent pairs whose keys are all libpq keywords, one of them
 * `host`, `hostaddr`, `dbname` or `password`.
 */

export const LIBPQ_KEYWORDS: ReadonlySet<string> = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding',
  'connect_timeout', 'client_encoding', 'options', 'application_name', 'fallback_application_name',
  'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout',
  'replication', 'gssencmode', 'sslmode', 'sslnegotiation', 'sslcompression', 'sslcert', 'sslkey',
  'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer',
  'ssl_min_protocol_version', 'ssl_max_protocol_version', 'min_protocol_version', 'max_protocol_version',
  'krbsrvname', 'gsslib', 'gssdelegation', 'service', 'target_session_attrs', 'load_balance_hosts',
]);

const IDENTIFYING_KEYS = ['host', 'hostaddr', 'dbname', 'password'];

export interface DsnPair {
  readonly key: string;
  readonly value: string;
  /** start of the key */
  readonly start: number;
  /** range of the value as written (quotes included) */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface DsnSpan {
  readonly start: number;
  readonly end: number;
  readonly pairs: readonly DsnPair[];
}

const isSpace = (char: string | undefined): boolean => char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v';
const isKeyChar = (char: string | undefined): boolean => char !== undefined && ((char >= 'a' && char <= 'z') || char === '_');

/** Reads a value starting at `index`; an unterminated quote runs to the end of the text. */
export function readDsnValue(text: string, index: number): { value: string; end: number } {
  let value = '';
  let i = index;
  if (text[i] === "'") {
    i++;
    while (i < text.length && text[i] !== "'") {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      value += text[i++];
    }
    return { value, end: Math.min(i + 1, text.length) };
  }
  while (i < text.length && !isSpace(text[i])) {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i++];
  }
  return { value, end: i };
}

/** One `key = value` pair at `index`, or undefined. */
function readPair(text: string, index: number): DsnPair | undefined {
  let i = index;
  while (isKeyChar(text[i])) i++;
  if (i === index) return undefined;
  const key = text.slice(index, i);
  while (isSpace(text[i])) i++;
  if (text[i] !== '=') return undefined;
  i++;
  while (isSpace(text[i])) i++;
  if (i >= text.length) return undefined;
  const { value, end } = readDsnValue(text, i);
  return { key, value, start: index, valueStart: i, valueEnd: end };
}

/** Every DSN in `text`, in one left-to-right pass. */
export function findKeyValueDsns(text: string): DsnSpan[] {
  const spans: DsnSpan[] = [];
  let run: DsnPair[] = [];
  const closeRun = () => {
    if (run.length >= 2 && run.some((pair) => IDENTIFYING_KEYS.includes(pair.key))) {
      spans.push({ start: run[0].start, end: run[run.length - 1].valueEnd, pairs: run });
    }
    run = [];
  };
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const startsToken = i === 0 || isSpace(text[i - 1]);
    const pair = startsToken ? readPair(text, i) : undefined;
    if (pair && LIBPQ_KEYWORDS.has(pair.key)) {
      run.push(pair);
      i = pair.valueEnd;
      continue;
    }
    closeRun();
    while (i < text.length && !isSpace(text[i])) i++;
  }
  closeRun();
  return spans;
}

/** The connection a DSN describes. */
export function dsnInfo(span: DsnSpan): ConnectionInfo {
  const values = new Map<string, string>();
  for (const pair of span.pairs) values.set(pair.key, pair.value);
  const hosts = values.get('host') ?? values.get('hostaddr');
  const info: ConnectionInfo = {
    kind: 'dsn',
    user: values.get('user'),
    password: values.get('password'),
    hosts: hosts ? hosts.split(',') : [],
    port: values.get('port'),
    database: values.get('dbname'),
    params: values,
  };
  for (const key of ['host', 'hostaddr', 'user', 'password', 'port', 'dbname']) values.delete(key);
  return info;
}

/** Parses a whole string as a DSN (surrounding whitespace allowed), or undefined. */
export function parseKeyValueDsn(text: string): ConnectionInfo | undefined {
  const [span] = findKeyValueDsns(text);
  if (!span || text.slice(0, span.start).trim() !== '' || text.slice(span.end).trim() !== '') return undefined;
  return dsnInfo(span);
}
