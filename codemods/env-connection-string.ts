import path from 'node:path';
import type { API, FileInfo, JSCodeshift } from 'jscodeshift';

import { CREDENTIAL_OPTION_KEYS, URL_OPTION_KEYS } from '../src/catalog';
import { findConnectionStrings, isNeonHost, isNeonPooledHost } from '../src/connection';
import { fileRoles } from '../src/project/files';
import { readNeonSettings } from '../src/project/settings';
import { appendEnvEntries, ensureGitIgnored, readEnvFile, type EnvEntry } from './lib/env-files';
import { createNeonLinter, type LintMessage, type NeonLinter } from './lib/lint';
import { CLIENT_TRIGGERS, compilePrefilter } from './lib/prefilter';
import type { TransformReport } from './lib/report';
import { relativePath, type CodemodOptions, type FileTransform, type RunContext, type TransformMeta } from './lib/transform';

/**
 * `env-connection-string`: what `neon/no-hardcoded-connection-string` reports
 * becomes an environment variable read.
 *
 * 1. lint the file with the rule: its reports are the targets, nothing else;
 * 2. plan one move per report: a whole-string literal, a fallback to drop, a
 *    credential object or Sequelize's positional credentials;
 * 3. name the variables across the run (same URL, same name);
 * 4. apply the moves as exact text edits;
 * 5. at the end of the run (`finish`), add the variables to `.env.example`
 *    with a placeholder and, with `--write-env`, their values to a git-ignored `.env`.
 *
 * What it cannot move safely (a string with dynamic parts, a URL at module
 * scope of a Worker, credentials mixed with code) is left in place and reported.
 */

export const meta: TransformMeta = {
  name: 'env-connection-string',
  description: 'move connection strings and database passwords out of the code into DATABASE_URL; lists them in .env.example (--write-env: .env)',
  triggers: { modules: CLIENT_TRIGGERS.modules, text: [...CLIENT_TRIGGERS.text!, 'postgres://', 'postgresql://', 'password', 'dbname=', 'host='] },
  answers: ['neon/no-hardcoded-connection-string'],
};

export const parser = 'ts';

const RULE_ID = 'neon/no-hardcoded-connection-string';
const PLACEHOLDER_URL = 'postgresql://USER:PASSWORD@HOST/DB?sslmode=require';
const UNPOOLED = '_UNPOOLED';

/** Words that say "a database connection" and nothing about which one. */
const GENERIC_WORDS = new Set([
  'url', 'uri', 'dsn', 'connection', 'connections', 'string', 'str', 'conn', 'cn', 'db', 'database', 'pg', 'postgres',
  'postgresql', 'psql', 'pool', 'client', 'sql', 'knex', 'sequelize', 'data', 'source', 'datasource', 'orm', 'neon',
  'config', 'options', 'opts', 'settings', 'main', 'default', 'primary', 'env', 'the', 'my', 'conf', 'credentials',
  'creds', 'info', 'neondb', 'app', 'template1', 'defaultdb', 'export', 'module', 'exports', 'const',
]);

const DATABASE_KEYS = new Set(['database', 'dbName', 'dbname', 'db']);
const PORT_KEYS = new Set(['port']);

/** Where each client takes a connection string when its credentials object goes away. */
const URL_KEY_BY_DISPLAY: Readonly<Record<string, string>> = {
  'new Pool()': 'connectionString',
  'new Client()': 'connectionString',
  'new pg.native.Pool()': 'connectionString',
  'new pg.native.Client()': 'connectionString',
  'createPool()': 'connectionString',
  'createClient()': 'connectionString',
  'new VercelPool()': 'connectionString',
  'new VercelClient()': 'connectionString',
  'new DataSource()': 'url',
  'createConnection()': 'url',
  'TypeOrmModule.forRoot()': 'url',
  'MikroORM.init()': 'clientUrl',
  'MikroORM.initSync()': 'clientUrl',
  'new MikroORM()': 'clientUrl',
  'MikroOrmModule.forRoot()': 'clientUrl',
};

// ---------------------------------------------------------------------------
// The AST, as plain nodes with offsets (Babel's `start`/`end`, which match the rule's ranges)

interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [key: string]: unknown;
}

interface ParsedFile {
  readonly program: AstNode;
  readonly parents: ReadonlyMap<AstNode, AstNode>;
  readonly byStart: ReadonlyMap<number, readonly AstNode[]>;
}

const SKIPPED_KEYS = new Set(['loc', 'tokens', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra']);
const TS_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion']);

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string' && typeof (value as AstNode).start === 'number';
}

function parseFile(j: JSCodeshift, source: string): ParsedFile {
  const file = j(source).paths()[0]!.node as unknown as { program: AstNode };
  const parents = new Map<AstNode, AstNode>();
  const byStart = new Map<number, AstNode[]>();
  const visit = (node: AstNode): void => {
    byStart.set(node.start, [...(byStart.get(node.start) ?? []), node]);
    for (const [key, value] of Object.entries(node)) {
      if (SKIPPED_KEYS.has(key)) continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!isNode(child)) continue;
        parents.set(child, node);
        visit(child);
      }
    }
  };
  visit(file.program);
  return { program: file.program, parents, byStart };
}

function child(node: AstNode, key: string): AstNode | undefined {
  const value = node[key];
  return isNode(value) ? value : undefined;
}

function children(node: AstNode, key: string): AstNode[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function keyName(property: AstNode): string | undefined {
  if (property.computed === true) return undefined;
  const key = child(property, 'key');
  if (key?.type === 'Identifier') return key.name as string;
  if (key?.type === 'StringLiteral') return key.value as string;
  return undefined;
}

/** The text of a string expression without holes: literals, hole-less templates and `+` chains of them. */
function staticString(node: AstNode): string | undefined {
  switch (node.type) {
    case 'StringLiteral':
      return node.value as string;
    case 'NumericLiteral':
      return String(node.value);
    case 'TemplateLiteral': {
      if (children(node, 'expressions').length > 0) return undefined;
      const [quasi] = children(node, 'quasis');
      return (quasi?.value as { cooked?: string } | undefined)?.cooked ?? undefined;
    }
    case 'BinaryExpression': {
      if (node.operator !== '+') return undefined;
      const left = staticString(child(node, 'left')!);
      const right = staticString(child(node, 'right')!);
      return left === undefined || right === undefined ? undefined : left + right;
    }
    default:
      return TS_WRAPPERS.has(node.type) ? staticString(child(node, 'expression')!) : undefined;
  }
}

// ---------------------------------------------------------------------------
// Naming

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word !== '');
}

/** `analyticsDbUrl` → `ANALYTICS`; undefined when the name says nothing specific (`dbUrl`, `pool`). */
export function specificName(name: string): string | undefined {
  const specific = words(name).filter((word) => !GENERIC_WORDS.has(word));
  if (specific.length === 0 || /^\d/.test(specific[0]!)) return undefined;
  return specific.join('_').toUpperCase();
}

/** The host without Neon's `-pooler` suffix: a pooled URL and its direct twin share it. */
function neonEndpoint(value: string): { endpoint: string; pooled: boolean } | undefined {
  const host = findConnectionStrings(value)[0]?.info.hosts[0];
  if (!host || !isNeonHost(host)) return undefined;
  const [first, ...rest] = host.toLowerCase().split('.');
  return { endpoint: [first!.replace(/-pooler$/, ''), ...rest].join('.'), pooled: isNeonPooledHost(host) };
}

interface NamingRequest {
  readonly value: string;
  readonly hint: string | undefined;
  /** migrations and tool configs should read the direct (unpooled) URL */
  readonly migration: boolean;
  /** variables this file already reads with a value we do not know */
  readonly reserved: ReadonlySet<string>;
}

export interface CollectedVariable {
  readonly name: string;
  /** the real connection string: written to `.env` only with `--write-env` */
  readonly value: string | undefined;
  /** read through a Workers `env` binding */
  readonly binding: boolean;
}

/**
 * The variables of one run: the same URL always gets the same name, distinct
 * URLs distinct names, and a name that `.env` already holds with another
 * value is never reused for a different database.
 */
export class EnvRegistry {
  private readonly values = new Map<string, string | undefined>();
  private readonly byValue = new Map<string, string>();
  private readonly neon = new Map<string, { pooled?: string; direct?: string }>();
  private readonly bindings = new Set<string>();
  private readonly byFile = new Map<string, Set<string>>();

  constructor(
    readonly main: string,
    private readonly dotEnv: ReadonlyMap<string, string> = new Map(),
  ) {}

  private isFree(name: string, value: string, reserved: ReadonlySet<string>): boolean {
    const existing = this.dotEnv.get(name);
    if (existing !== undefined && existing !== value) return false;
    if (this.values.has(name)) return this.values.get(name) === value;
    return !reserved.has(name);
  }

  private candidates(request: NamingRequest): string[] {
    const { value, hint, migration } = request;
    const list: string[] = [];
    const neon = neonEndpoint(value);
    const twins = neon && this.neon.get(neon.endpoint);
    if (neon && !neon.pooled) {
      if (twins?.pooled) list.push(`${twins.pooled}${UNPOOLED}`);
      else if (migration) list.push(`${this.main}${UNPOOLED}`);
    }
    if (neon?.pooled && twins?.direct?.endsWith(UNPOOLED)) list.push(twins.direct.slice(0, -UNPOOLED.length));
    list.push(this.main);
    if (hint) list.push(`${hint}_DATABASE_URL`);
    const database = findConnectionStrings(value)[0]?.info.database;
    const fromDatabase = database && specificName(database);
    if (fromDatabase) list.push(`${fromDatabase}_DATABASE_URL`);
    return list;
  }

  /** The variable for a connection string, claimed for it. */
  nameFor(request: NamingRequest): string {
    const known = this.byValue.get(request.value);
    if (known) return known;
    let name = this.candidates(request).find((candidate) => this.isFree(candidate, request.value, request.reserved));
    for (let index = 2; !name; index++) {
      if (this.isFree(`${this.main}_${index}`, request.value, request.reserved)) name = `${this.main}_${index}`;
    }
    this.claim(name, request.value);
    return name;
  }

  /** Records a variable the code reads under a fixed name (a dropped fallback); the first value seen wins. */
  claim(name: string, value: string | undefined): void {
    if (this.values.get(name) === undefined) this.values.set(name, value);
    if (value === undefined) return;
    if (!this.byValue.has(value)) this.byValue.set(value, name);
    const neon = neonEndpoint(value);
    if (neon) {
      const twins = this.neon.get(neon.endpoint) ?? {};
      twins[neon.pooled ? 'pooled' : 'direct'] ??= name;
      this.neon.set(neon.endpoint, twins);
    }
  }

  use(file: string, name: string, binding: boolean): void {
    this.byFile.set(file, (this.byFile.get(file) ?? new Set<string>()).add(name));
    if (binding) this.bindings.add(name);
  }

  /** The variables the given files read, in the order they were named. */
  variablesOf(files: ReadonlySet<string>): CollectedVariable[] {
    const used = new Set<string>();
    for (const [file, names] of this.byFile) if (files.has(file)) for (const name of names) used.add(name);
    return [...this.values.keys()]
      .filter((name) => used.has(name))
      .map((name) => ({ name, value: this.values.get(name), binding: this.bindings.has(name) }));
  }
}

// ---------------------------------------------------------------------------
// Planning

interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One connection string leaving the code: named later, for the whole file at once. */
interface Move {
  readonly value: string;
  readonly hint: string | undefined;
  readonly start: number;
  /** read through a Workers `env` binding instead of `process.env` */
  readonly binding: boolean;
  edits(name: string): TextEdit[];
}

interface FileContext {
  readonly source: string;
  readonly parsed: ParsedFile;
  readonly typescript: boolean;
  readonly leaveForHuman: (message: LintMessage, why: string) => void;
  /** keeps a password out of everything the run prints (diffs of `--dry` included) */
  readonly hideSecret: (secret: string | undefined) => void;
}

function hidePasswords(file: FileContext, connectionString: string): void {
  for (const found of findConnectionStrings(connectionString)) file.hideSecret(found.info.password);
}

function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) offset = source.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

function nodeAt(file: FileContext, start: number, end?: number): AstNode | undefined {
  const nodes = file.parsed.byStart.get(start) ?? [];
  return end === undefined ? nodes[nodes.length - 1] : nodes.find((node) => node.end === end);
}

/** Parent, skipping TypeScript wrappers on the way up. */
function parentOf(file: FileContext, node: AstNode): AstNode | undefined {
  return file.parsed.parents.get(node);
}

/** A specific name the value is bound to: `const analyticsUrl = '…'`, `{ replica: new Pool({ connectionString: '…' }) }`. */
function bindingHint(file: FileContext, node: AstNode): string | undefined {
  let current = node;
  for (let parent = parentOf(file, current); parent; current = parent, parent = parentOf(file, current)) {
    let name: string | undefined;
    if (parent.type === 'VariableDeclarator' && parent.init === current) {
      const id = child(parent, 'id');
      name = id?.type === 'Identifier' ? (id.name as string) : undefined;
    } else if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty') && parent.value === current) {
      name = keyName(parent);
    } else if (parent.type === 'AssignmentExpression' && parent.right === current) {
      const left = child(parent, 'left')!;
      const target = left.type === 'MemberExpression' ? child(left, 'property') : left;
      name = target?.type === 'Identifier' ? (target.name as string) : undefined;
    } else if (
      !TS_WRAPPERS.has(parent.type) &&
      !['ObjectExpression', 'NewExpression', 'CallExpression', 'AwaitExpression', 'LogicalExpression', 'BinaryExpression'].includes(parent.type)
    ) {
      return undefined;
    }
    const specific = name && specificName(name);
    if (specific) return specific;
    if (parent.type === 'VariableDeclarator' || parent.type === 'AssignmentExpression' || parent.type === 'ClassProperty') return undefined;
  }
  return undefined;
}

/** A place that accepts `string | undefined` as is: a client's URL option, or an expression already asserted. */
function acceptsUndefined(file: FileContext, node: AstNode): boolean {
  const parent = parentOf(file, node);
  if (!parent) return false;
  if (TS_WRAPPERS.has(parent.type)) return true;
  if (parent.type === 'ObjectProperty' && parent.value === node) return URL_OPTION_KEYS.has(keyName(parent) ?? '');
  return false;
}

function envRead(prefix: string, name: string, file: FileContext, replaced: AstNode): string {
  // process.env.X is `string | undefined` in TypeScript; where a string is expected, assert it.
  const assert = file.typescript && prefix === 'process.env.' && !acceptsUndefined(file, replaced);
  return `${prefix}${name}${assert ? '!' : ''}`;
}

/** `'postgres://…'` → `process.env.DATABASE_URL` (or `env.DATABASE_URL` in a Worker), where the rule offers it. */
function planLiteral(file: FileContext, message: LintMessage): Move | undefined {
  const suggestion = message.suggestions?.find((candidate) => candidate.messageId === 'useEnv');
  if (!suggestion) {
    file.leaveForHuman(message, 'it is not a whole expression that an environment variable can replace (part of a longer text, a key, or module scope of a Worker without an env binding)');
    return undefined;
  }
  const [start, end] = suggestion.fix.range;
  const node = nodeAt(file, start, end);
  const value = node && staticString(node);
  if (!node || value === undefined) {
    file.leaveForHuman(message, 'it has dynamic parts, so its value cannot be moved to the environment as is');
    return undefined;
  }
  hidePasswords(file, value);
  const jsx = suggestion.fix.text.startsWith('{');
  const binding = /^\{?env\./.test(suggestion.fix.text);
  const prefix = binding ? 'env.' : 'process.env.';
  // A string broken onto its own lines after `=` or `:` shrinks back onto the line it belongs to.
  const brokenLine = /[=:]([ \t]*\r?\n\s*)$/.exec(file.source.slice(Math.max(0, start - 200), start));
  const editStart = brokenLine ? start - brokenLine[1]!.length : start;
  return {
    value: value.trim(),
    hint: bindingHint(file, node),
    start,
    binding,
    edits: (name) => {
      const read = envRead(prefix, name, file, node);
      return [{ start: editStart, end, text: `${brokenLine ? ' ' : ''}${jsx ? `{${read}}` : read}` }];
    },
  };
}

/** The variable a fallback defaults: `process.env.DATABASE_URL || …`, `const { DATABASE_URL = … } = process.env`. */
function fallbackVariable(envText: string): string | undefined {
  const match = /env(?:\.([A-Za-z_]\w*)|\[\s*['"`]([A-Za-z_]\w*)['"`]\s*\]|\.get\(\s*['"`]([A-Za-z_]\w*))/.exec(envText);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Drops the fallback; its value becomes the variable's value for `.env`. */
function planFallback(file: FileContext, message: LintMessage, registry: EnvRegistry, relative: string): TextEdit | undefined {
  const suggestion = message.suggestions?.find((candidate) => candidate.messageId === 'removeFallback');
  if (!suggestion) return undefined;
  const [start, end] = suggestion.fix.range;
  const literal = nodeAt(file, offsetOf(file.source, message.line, message.column));
  const value = literal && staticString(literal);
  if (value !== undefined) hidePasswords(file, value);
  const name = fallbackVariable(String(message.data?.env ?? ''));
  if (name) {
    registry.claim(name, value?.trim());
    registry.use(relative, name, false);
  }
  const keep = suggestion.fix.text;
  const replaced = nodeAt(file, start, end);
  const assert = keep !== '' && file.typescript && keep.includes('process.env') && replaced !== undefined && !acceptsUndefined(file, replaced);
  return { start, end, text: assert ? `${keep}!` : keep };
}

/** Property text with its leading comments. */
function propertyText(source: string, property: AstNode): string {
  const comments = (property.leadingComments as { start: number }[] | undefined) ?? [];
  const start = Math.min(property.start, ...comments.map((comment) => comment.start));
  return source.slice(start, property.end);
}

/** The object rebuilt with `entries` in the layout it had (one per line, or inline). */
function rebuildObject(source: string, object: AstNode, entries: readonly string[]): string {
  if (entries.length === 0) return '{}';
  const text = source.slice(object.start, object.end);
  if (!text.includes('\n')) return `{ ${entries.join(', ')} }`;
  const first = children(object, 'properties')[0]!;
  const lineStart = source.lastIndexOf('\n', first.start) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
  const closeIndent = /[ \t]*$/.exec(source.slice(source.lastIndexOf('\n', object.end - 1) + 1, object.end - 1))![0];
  const lastProperty = children(object, 'properties').at(-1)!;
  const trailingComma = source.slice(lastProperty.end, object.end).includes(',') ? ',' : '';
  return `{\n${indent}${entries.join(`,\n${indent}`)}${trailingComma}\n${closeIndent}}`;
}

interface Credentials {
  readonly host?: string;
  readonly port?: string;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

function credentialsUrl(credentials: Credentials): string {
  const encode = (text: string | undefined) => (text === undefined ? '' : encodeURIComponent(text));
  const host = credentials.host ?? 'localhost';
  const userInfo = credentials.user !== undefined || credentials.password !== undefined
    ? `${encode(credentials.user)}${credentials.password !== undefined ? `:${encode(credentials.password)}` : ''}@`
    : '';
  const port = credentials.port !== undefined ? `:${credentials.port}` : '';
  return `postgresql://${userInfo}${host.includes(':') ? `[${host}]` : host}${port}/${encode(credentials.database)}`;
}

type CredentialKind = keyof Credentials;

function credentialKind(name: string): CredentialKind | undefined {
  if (CREDENTIAL_OPTION_KEYS.host.has(name)) return 'host';
  if (CREDENTIAL_OPTION_KEYS.user.has(name)) return 'user';
  if (CREDENTIAL_OPTION_KEYS.password.has(name)) return 'password';
  if (PORT_KEYS.has(name)) return 'port';
  if (DATABASE_KEYS.has(name)) return 'database';
  return undefined;
}

/** Splits an options object into its static credentials and the properties that stay; undefined when a credential is not static. */
function splitCredentials(object: AstNode, kinds: ReadonlySet<CredentialKind>): { credentials: Credentials; credentialProperties: Set<AstNode> } | undefined {
  const credentials: Record<string, string> = {};
  const credentialProperties = new Set<AstNode>();
  for (const property of children(object, 'properties')) {
    if (property.type !== 'ObjectProperty') {
      // A spread or method may bring credentials of its own.
      if (property.type === 'SpreadElement') return undefined;
      continue;
    }
    const kind = credentialKind(keyName(property) ?? '');
    if (!kind || !kinds.has(kind)) continue;
    const value = staticString(child(property, 'value')!);
    if (value === undefined) return undefined;
    credentials[kind] = value;
    credentialProperties.add(property);
  }
  return { credentials, credentialProperties };
}

const ALL_CREDENTIALS: ReadonlySet<CredentialKind> = new Set(['host', 'port', 'user', 'password', 'database']);

/** The object a reported password belongs to, and the construction's arguments for the positional form. */
function passwordOwner(file: FileContext, message: LintMessage): { object?: AstNode; call?: AstNode; argument?: AstNode } {
  let node = nodeAt(file, offsetOf(file.source, message.line, message.column));
  for (let parent = node && parentOf(file, node); node && parent; node = parent, parent = parentOf(file, node)) {
    if (TS_WRAPPERS.has(parent.type) || parent.type === 'LogicalExpression') continue;
    if (parent.type === 'ObjectProperty' && parent.value === node) return { object: parentOf(file, parent) };
    if ((parent.type === 'NewExpression' || parent.type === 'CallExpression') && children(parent, 'arguments').includes(node)) {
      return { call: parent, argument: node };
    }
    return {};
  }
  return {};
}

/** `{ host, user, password, database, port, max }` → `{ connectionString: process.env.DATABASE_URL, max }`. */
function planCredentialObject(file: FileContext, message: LintMessage, object: AstNode): Move | undefined {
  const display = String(message.data?.display ?? '');
  const holder = parentOf(file, object);
  const holderKey = holder?.type === 'ObjectProperty' && holder.value === object ? keyName(holder) : undefined;
  // knex: `connection: {…}`; drizzle-kit: `dbCredentials: {…}`; other nested objects are someone else's.
  const urlKey = holderKey === 'connection' && display === 'knex()' ? 'connectionString' : holderKey === 'dbCredentials' ? 'url' : holderKey === undefined ? URL_KEY_BY_DISPLAY[display] : undefined;
  if (!urlKey) {
    file.leaveForHuman(message, `${display} takes no connection string option this codemod knows`);
    return undefined;
  }
  const properties = children(object, 'properties');
  if (properties.some((property) => property.type === 'ObjectProperty' && URL_OPTION_KEYS.has(keyName(property) ?? ''))) {
    file.leaveForHuman(message, 'the options already name a connection string next to the password');
    return undefined;
  }
  const split = splitCredentials(object, ALL_CREDENTIALS);
  if (!split) {
    file.leaveForHuman(message, 'the credentials mix literals with code, so one connection string cannot replace them as is');
    return undefined;
  }
  file.hideSecret(split.credentials.password);
  const kept = properties.filter((property) => !split.credentialProperties.has(property));
  const firstCredential = properties.findIndex((property) => split.credentialProperties.has(property));
  return {
    value: credentialsUrl(split.credentials),
    hint: bindingHint(file, object),
    start: object.start,
    binding: false,
    edits: (name) => {
      // A URL option is optional in every client's types: no assertion needed.
      const read = `process.env.${name}`;
      // knex takes the URL itself as `connection` when nothing else is left.
      if (kept.length === 0 && holderKey === 'connection') return [{ start: object.start, end: object.end, text: read }];
      const entries = properties.flatMap((property, index) => {
        if (index === firstCredential) return [`${urlKey}: ${read}`];
        return split.credentialProperties.has(property) ? [] : [propertyText(file.source, property)];
      });
      return [{ start: object.start, end: object.end, text: rebuildObject(file.source, object, entries) }];
    },
  };
}

/** `new Sequelize(db, user, password, { host, port, dialect })` → `new Sequelize(process.env.DATABASE_URL, { dialect })`. */
function planPositional(file: FileContext, message: LintMessage, call: AstNode): Move | undefined {
  const args = children(call, 'arguments');
  const [database, user, password, options] = args.map((arg) => staticString(arg));
  if (args.length < 3 || args.length > 4 || database === undefined || user === undefined || password === undefined) {
    file.leaveForHuman(message, 'the database and user are not literals, so one connection string cannot replace them as is');
    return undefined;
  }
  const optionsNode = args[3];
  if (optionsNode && (optionsNode.type !== 'ObjectExpression' || options !== undefined)) {
    file.leaveForHuman(message, 'the options are not an object literal here, so the host they name cannot be moved with the credentials');
    return undefined;
  }
  const split = optionsNode ? splitCredentials(optionsNode, new Set<CredentialKind>(['host', 'port'])) : { credentials: {}, credentialProperties: new Set<AstNode>() };
  if (!split) {
    file.leaveForHuman(message, 'the host or port is not a literal, so one connection string cannot replace the credentials as is');
    return undefined;
  }
  file.hideSecret(password);
  const value = credentialsUrl({ ...split.credentials, database, user, password });
  return {
    value,
    hint: bindingHint(file, call),
    start: args[0]!.start,
    binding: false,
    edits: (name) => {
      const read = envRead('process.env.', name, file, args[0]!);
      const edits: TextEdit[] = [{ start: args[0]!.start, end: args[2]!.end, text: read }];
      if (optionsNode && split.credentialProperties.size > 0) {
        const kept = children(optionsNode, 'properties').filter((property) => !split.credentialProperties.has(property));
        if (kept.length === 0) edits.push({ start: args[2]!.end, end: optionsNode.end, text: '' });
        else edits.push({ start: optionsNode.start, end: optionsNode.end, text: rebuildObject(file.source, optionsNode, kept.map((property) => propertyText(file.source, property))) });
      }
      return edits;
    },
  };
}

function planPassword(file: FileContext, message: LintMessage): Move | undefined {
  const owner = passwordOwner(file, message);
  if (owner.object?.type === 'ObjectExpression') return planCredentialObject(file, message, owner.object);
  if (owner.call && children(owner.call, 'arguments').indexOf(owner.argument!) === 2) return planPositional(file, message, owner.call);
  file.leaveForHuman(message, 'the password is not in an options object this codemod can rewrite');
  return undefined;
}

/** Variables the file reads from the environment: a literal must not take one of their names. */
function readVariables(source: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(/\benv\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*['"`]([A-Za-z_]\w*)['"`]\s*\])/g)) names.add((match[1] ?? match[2])!);
  return names;
}

function applyEdits(source: string, edits: readonly TextEdit[]): string {
  let result = source;
  let limit = Infinity;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    // Two reports on one node (never expected): keep the first edit.
    if (edit.end > limit) continue;
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

// ---------------------------------------------------------------------------
// The run: one registry and one linter per project root

const registries = new Map<string, EnvRegistry>();
const linters = new Map<string, NeonLinter>();
const mentionsTrigger = compilePrefilter([meta.triggers]);

/** Options a test (or another runner) may pass: its own registry instead of the run-wide one. */
export interface EnvConnectionOptions extends CodemodOptions {
  readonly envRegistry?: EnvRegistry;
}

function registryFor(root: string, main: string): EnvRegistry {
  let registry = registries.get(root);
  if (!registry) {
    registry = new EnvRegistry(main, readEnvFile(path.join(root, '.env')));
    registries.set(root, registry);
  }
  return registry;
}

function linterFor(root: string): NeonLinter {
  let linter = linters.get(root);
  if (!linter) {
    linter = createNeonLinter({ cwd: root, ruleIds: [RULE_ID] });
    linters.set(root, linter);
  }
  return linter;
}

const transform: FileTransform = (file: FileInfo, api: API, options: Partial<EnvConnectionOptions>) => {
  if (!mentionsTrigger(file.source)) return undefined;
  const root = options.root ?? process.cwd();
  const filename = path.resolve(root, file.path);
  const result = linterFor(root).lint(file.source, filename);
  const messages = result.messages.filter((message) => message.ruleId === RULE_ID);
  if (result.fatal || messages.length === 0) return undefined;

  const registry = options.envRegistry ?? registryFor(root, options.envVar ?? 'DATABASE_URL');
  const relative = relativePath(root, filename);
  const context: FileContext = {
    source: file.source,
    parsed: parseFile(api.jscodeshift, file.source),
    typescript: /\.[cm]?tsx?$/.test(file.path),
    leaveForHuman: (message, why) =>
      options.reportFinding?.({ line: message.line, column: message.column, ruleId: RULE_ID, message: `left in place: ${why}. Move it to an environment variable by hand.` }),
    hideSecret: (secret) => {
      if (secret) options.addSecret?.(secret);
    },
  };

  const edits: TextEdit[] = [];
  const moves: Move[] = [];
  for (const message of messages) {
    if (message.messageId === 'envFallback') {
      const edit = planFallback(context, message, registry, relative);
      if (edit) edits.push(edit);
      continue;
    }
    const move = message.messageId === 'hardcodedPassword' ? planPassword(context, message) : planLiteral(context, message);
    if (move) moves.push(move);
  }

  // The main variable goes to a connection nothing more specific names, and to a pooled Neon URL before its direct twin.
  const directNeon = (move: Move) => (neonEndpoint(move.value)?.pooled === false ? 1 : 0);
  moves.sort((a, b) => Number(a.hint !== undefined) - Number(b.hint !== undefined) || directNeon(a) - directNeon(b) || a.start - b.start);
  const roles = fileRoles(filename, root, readNeonSettings({}));
  const reserved = readVariables(file.source);
  for (const move of moves) {
    const name = registry.nameFor({ value: move.value, hint: move.hint, migration: roles.migration || roles.toolConfig, reserved });
    registry.use(relative, name, move.binding);
    edits.push(...move.edits(name));
  }
  if (edits.length === 0) return undefined;
  return applyEdits(file.source, edits);
};

export default transform;

// ---------------------------------------------------------------------------
// After the last file: .env.example, .env and the list of variables to set

function list(names: readonly string[]): string {
  return names.join(', ');
}

export function finish(context: RunContext, report: TransformReport): void {
  const { root, options, reporter } = context;
  const registry = registries.get(root);
  registries.delete(root);
  linters.delete(root);
  const variables = registry?.variablesOf(new Set(report.changed)) ?? [];
  if (variables.length === 0) return;

  const lines = ['', 'Set these environment variables wherever the app runs (values are not shown):', ...variables.map((variable) => `  ${variable.name}`)];
  const bindings = variables.filter((variable) => variable.binding).map((variable) => variable.name);
  if (bindings.length > 0) lines.push(`Workers read ${list(bindings)} from their env binding: \`wrangler secret put <NAME>\`, and .dev.vars for local development.`);

  const details: Record<string, unknown> = { variables: variables.map((variable) => variable.name) };
  const example: EnvEntry[] = variables.map((variable) => ({ name: variable.name, value: PLACEHOLDER_URL }));
  const secrets: EnvEntry[] = variables.flatMap((variable) => (variable.value === undefined ? [] : [{ name: variable.name, value: variable.value }]));

  if (options.dry) {
    lines.push(`.env.example would list them with a placeholder value${options.writeEnv ? '; --write-env would put the real values in a git-ignored .env' : ''}.`);
  } else {
    const written = appendEnvEntries(path.join(root, '.env.example'), example, { commentedCounts: true });
    details.envExample = written.added;
    if (written.outcome.status !== 'written') report.failed.push({ file: '.env.example', reason: written.outcome.reason });
    else if (written.added.length > 0) {
      // Listed like every other file the run wrote: the summary and --json say what to review.
      report.changed.push('.env.example');
      lines.push(`.env.example: added ${list(written.added)}.`);
    }
    if (options.writeEnv) lines.push(writeDotEnv(root, secrets, report, details));
    else if (secrets.length > 0) lines.push('Run again with --write-env to put the real values in a git-ignored .env, or set them by hand.');
  }
  report.details = { ...report.details, ...details };
  reporter.out(lines.join('\n'));
}

/** `.env` gets the real values only once git is sure to ignore it. */
function writeDotEnv(root: string, secrets: readonly EnvEntry[], report: TransformReport, details: Record<string, unknown>): string {
  if (secrets.length === 0) return '.env: no value to write.';
  const ignored = ensureGitIgnored(root, '.env');
  if (ignored === 'tracked' || ignored === 'failed') {
    const reason = ignored === 'tracked' ? '.env is tracked by git: values not written, set them by hand' : '.env could not be git-ignored: values not written, set them by hand';
    report.failed.push({ file: '.env', reason });
    return `.env: ${reason}.`;
  }
  if (ignored === 'added') report.changed.push('.gitignore');
  // Owner-only: the file holds passwords.
  const written = appendEnvEntries(path.join(root, '.env'), secrets, { mode: 0o600 });
  details.env = written.added;
  if (written.outcome.status !== 'written') {
    report.failed.push({ file: '.env', reason: written.outcome.reason });
    return `.env: ${written.outcome.reason}.`;
  }
  if (written.added.length > 0) report.changed.push('.env');
  const kept = secrets.length - written.added.length;
  return [
    `.env: ${written.added.length > 0 ? `wrote ${list(written.added)}` : 'nothing new'}${kept > 0 ? ` (${kept} already set, left as is)` : ''}.`,
    ignored === 'added' ? '.gitignore: added /.env.' : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}
