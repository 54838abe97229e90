import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { CATALOG, CONNECTION_OPTION_PATHS, CREDENTIAL_OPTION_KEYS, URL_OPTION_KEYS, DIALECT_OPTION_KEYS, NON_POSTGRES_DIALECTS, type ConfigSiteSpec, type ConstructorSpec, type DriverEntry } from '../catalog';
import { getClientConstructions, getConfigSites, mayConstructClients, mayHaveConfigSites } from './module-tracking';
import { findProperty, findPropertyPath, findPropertyWithSpreads, propertyKeyName, resolveObject } from './objects';
import { findConnectionStrings } from '../connection';
import { isCommonJsExportTarget } from './client-storage';
import { getStringParts } from './static-string';

type Scope = TSESLint.Scope.Scope;

/**
 * The options object literal of a client construction or config site:
 * `new Pool({ ... })`, `postgres(url, { ... })`, `new Sequelize(db, user, pass, { ... })`,
 * `TypeOrmModule.forRoot({ ... })`, `defineConfig({ ... })`, inline or through
 * a same-file `const`. Options declaring another engine (`dialect: 'mysql'`,
 * `client: 'sqlite3'`, `type: 'mysql'`) are left out: they configure no Postgres client.
 */
export interface ClientOptionsSite {
  /** the construction or config call; undefined for options a file only exports (see `getExportedConfigSites`) */
  readonly call: TSESTree.NewExpression | TSESTree.CallExpression | undefined;
  readonly driver: DriverEntry;
  readonly spec: ConstructorSpec | ConfigSiteSpec;
  /** the callee for messages, e.g. `new Pool()` */
  readonly display: string;
  readonly options: TSESTree.ObjectExpression;
  /** the scope of the call, for following same-file `const`s inside the options */
  readonly scope: Scope;
}

interface ArgumentSpec {
  readonly optionsArg?: number;
  readonly urlArg?: number;
  readonly credentialArgs?: { readonly options: number };
}

/**
 * Which arguments may hold the options object: the declared options slot,
 * the URL slot (`postgres({ host })` takes options first), the slot after a
 * URL (`new Sequelize(url, options)`) and Sequelize's fourth argument.
 */
function optionArgumentIndexes(spec: ArgumentSpec): number[] {
  const indexes = new Set<number>();
  if (spec.optionsArg !== undefined) indexes.add(spec.optionsArg);
  if (spec.urlArg !== undefined) indexes.add(spec.urlArg).add(spec.urlArg + 1);
  if (spec.credentialArgs) indexes.add(spec.credentialArgs.options);
  return [...indexes].sort((a, b) => a - b);
}

/** True unless the options name a non-Postgres engine with a static string. */
export function isPostgresOptions(options: TSESTree.ObjectExpression, scope?: Scope): boolean {
  for (const key of DIALECT_OPTION_KEYS) {
    const property = findProperty(options, key, scope);
    if (!property) continue;
    const value = getStaticValue(property.value as never, scope as never)?.value;
    if (typeof value === 'string' && NON_POSTGRES_DIALECTS.has(value.toLowerCase())) return false;
  }
  return true;
}

const cache = new WeakMap<object, readonly ClientOptionsSite[]>();

/** The file-level gate of `getClientOptionSites`: false means a file with this text has no site. */
export function mayHaveClientOptions(text: string): boolean {
  return mayConstructClients(text) || mayHaveConfigSites(text);
}

/** Every options object of a client construction or config site in the file, once each. Cached per file. */
export function getClientOptionSites(sourceCode: Readonly<TSESLint.SourceCode>): readonly ClientOptionsSite[] {
  const cached = cache.get(sourceCode);
  if (cached) return cached;
  const sites: ClientOptionsSite[] = [];
  const seen = new Set<TSESTree.ObjectExpression>();
  const candidates: { call: TSESTree.NewExpression | TSESTree.CallExpression; driver: DriverEntry; spec: ConstructorSpec | ConfigSiteSpec }[] = [
    ...getClientConstructions(sourceCode),
    ...getConfigSites(sourceCode),
  ].map((found) => ({ call: found.node, driver: found.driver, spec: found.spec }));
  for (const { call, driver, spec } of candidates) {
    const scope = sourceCode.getScope(call);
    for (const index of optionArgumentIndexes(spec)) {
      const options = resolveObject(call.arguments[index], scope);
      if (!options || seen.has(options) || !isPostgresOptions(options, scope)) continue;
      seen.add(options);
      sites.push({ call, driver, spec, display: spec.display, options, scope });
    }
  }
  cache.set(sourceCode, sites);
  return sites;
}

/** The values a module exports: `module.exports = x`, `exports.a = x`, `export default x`, `export const a = x`, `export = x`. */
function exportedValues(program: TSESTree.Program): TSESTree.Node[] {
  const values: TSESTree.Node[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') values.push(statement.declaration);
    else if (statement.type === 'TSExportAssignment') values.push(statement.expression);
    else if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration') {
      for (const declarator of statement.declaration.declarations) if (declarator.init) values.push(declarator.init);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      if (isCommonJsExportTarget(statement.expression.left)) values.push(statement.expression.right);
    }
  }
  return values;
}

const EXPORTED_CONFIG_DRIVERS = CATALOG.filter((driver) => driver.exportedConfig !== undefined);
/** Cheap test before reading exports: the file names a Postgres value of one of the keys (`'pg'`, `"postgres"`). */
const EXPORTED_CONFIG_VALUE = new RegExp(
  `['"\`](?:${[...new Set(EXPORTED_CONFIG_DRIVERS.flatMap((driver) => driver.exportedConfig!.postgresValues))].join('|')})['"\`]`,
  'i',
);
const exportedCache = new WeakMap<object, readonly ClientOptionsSite[]>();

/**
 * Client options that a file exports for a tool to build the client from,
 * with no construction in the file: a knexfile (`{ client: 'pg', connection }`),
 * a sequelize-cli config (`{ dialect: 'postgres', dialectOptions }`, often
 * `{ ...shared }`), a TypeORM `ormconfig` (`{ type: 'postgres' }`), exported
 * whole or as one entry per environment (`{ development, production }`).
 * Cached per file.
 */
/** The file-level gate of `getExportedConfigSites`: false means a file with this text exports no tool config. */
export function mayHaveExportedConfig(text: string): boolean {
  return EXPORTED_CONFIG_VALUE.test(text);
}

export function getExportedConfigSites(sourceCode: Readonly<TSESLint.SourceCode>): readonly ClientOptionsSite[] {
  const cached = exportedCache.get(sourceCode);
  if (cached) return cached;
  const sites: ClientOptionsSite[] = [];
  const scope = sourceCode.scopeManager?.globalScope;
  if (mayHaveExportedConfig(sourceCode.text) && scope) {
    const moduleScope = (scope.childScopes.find((child) => child.block === sourceCode.ast) ?? scope) as Scope;
    const seen = new Set<TSESTree.ObjectExpression>();
    const consider = (object: TSESTree.ObjectExpression): boolean => {
      for (const driver of EXPORTED_CONFIG_DRIVERS) {
        const { key, postgresValues } = driver.exportedConfig!;
        const property = findPropertyWithSpreads(object, key, moduleScope);
        const value = property && getStaticValue(property.value as never, moduleScope as never)?.value;
        if (typeof value !== 'string' || !postgresValues.includes(value.toLowerCase())) continue;
        if (!seen.has(object)) sites.push({ call: undefined, driver, spec: { path: [], optionsArg: 0, display: `{ ${key}: '${value}' }` }, display: `{ ${key}: '${value}' }`, options: object, scope: moduleScope });
        seen.add(object);
        return true;
      }
      return false;
    };
    for (const value of exportedValues(sourceCode.ast)) {
      const object = resolveObject(value, moduleScope);
      if (!object || consider(object)) continue;
      // one entry per environment
      for (const property of object.properties) {
        const entry = property.type === 'Property' ? resolveObject(property.value, moduleScope) : undefined;
        if (entry) consider(entry);
      }
    }
  }
  exportedCache.set(sourceCode, sites);
  return sites;
}

/** The object literal at `path` inside a site's options (`[]` is the options object itself). */
export function optionsObjectAt(site: ClientOptionsSite, path: readonly string[]): TSESTree.ObjectExpression | undefined {
  if (path.length === 0) return site.options;
  const property = findPropertyPath(site.options, path, site.scope);
  return property && resolveObject(property.value, site.scope);
}

/** The static string of the last property of `object` whose key is one of `keys` (`host`, `hostname`, ...), if any. */
export function staticOptionString(
  object: TSESTree.ObjectExpression | undefined,
  keys: ReadonlySet<string>,
  scope?: Scope,
): string | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object?.properties ?? []) {
    if (property.type !== 'Property') continue;
    const name = propertyKeyName(property, scope);
    if (name && keys.has(name)) found = property;
  }
  if (!found) return undefined;
  const parts = getStringParts(found.value);
  return parts?.complete ? parts.parts[0] : undefined;
}

/** The hosts a site connects to, as far as its code says (see `connectionHosts`). */
export function siteHosts(site: ClientOptionsSite): { hosts: string[]; dynamic: boolean } {
  const urlArg = site.call && 'urlArg' in site.spec ? site.spec.urlArg : undefined;
  return connectionHosts(site.options, site.scope, urlArg === undefined ? undefined : site.call?.arguments[urlArg]);
}

/**
 * The hosts that client options name with static strings: host keys and
 * connection URLs in the options, in knex `connection`, drizzle-kit
 * `dbCredentials` and MikroORM `driverOptions.connection`, and a URL argument
 * (`''` for a URL without a host). `dynamic` when one of them, or a spread, is
 * computed at run time. No host at all means libpq's default: the local socket.
 */
export function connectionHosts(
  options: TSESTree.ObjectExpression | undefined,
  scope: Scope,
  urlArgument?: TSESTree.Node,
): { hosts: string[]; dynamic: boolean } {
  const hosts: string[] = [];
  let dynamic = false;
  const addUrl = (value: TSESTree.Node) => {
    const url = getStringParts(value, scope);
    if (!url?.complete) {
      dynamic = true;
      return;
    }
    for (const found of findConnectionStrings(url.parts[0])) hosts.push(...(found.info.hosts.length ? found.info.hosts : ['']));
  };
  if (urlArgument && urlArgument.type !== 'SpreadElement' && !resolveObject(urlArgument, scope)) addUrl(urlArgument);
  for (const path of CONNECTION_OPTION_PATHS) {
    const object = path.length === 0 ? options : options && resolveObject(findPropertyPath(options, path, scope)?.value, scope);
    for (const property of object?.properties ?? []) {
      if (property.type === 'SpreadElement') {
        dynamic = true;
        continue;
      }
      const name = propertyKeyName(property, scope);
      if (name && CREDENTIAL_OPTION_KEYS.host.has(name)) {
        const host = getStringParts(property.value, scope);
        if (host?.complete) hosts.push(host.parts[0]);
        else dynamic = true;
      } else if (name && URL_OPTION_KEYS.has(name) && !resolveObject(property.value, scope)) {
        // knex `connection: { … }` is read as a path of its own
        addUrl(property.value);
      }
    }
  }
  return { hosts, dynamic };
}
