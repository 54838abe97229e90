import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { DIALECT_OPTION_KEYS, NON_POSTGRES_DIALECTS, type ConfigSiteSpec, type ConstructorSpec, type DriverEntry } from '../catalog';
import { getClientConstructions, getConfigSites, mayConstructClients, mayHaveConfigSites } from './module-tracking';
import { findProperty, findPropertyPath, propertyKeyName, resolveObject } from './objects';
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
  readonly call: TSESTree.NewExpression | TSESTree.CallExpression;
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
  const candidates: { call: ClientOptionsSite['call']; driver: DriverEntry; spec: ConstructorSpec | ConfigSiteSpec }[] = [
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
