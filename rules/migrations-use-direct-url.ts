import { findVariable, getPropertyName, getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule';
import { contextFileRoles, neonSettings } from '../src/estree/context';
import { envVarRead } from '../src/estree/env';
import { getClientConstructions, trackModuleReferences, type ModuleTraceSpec } from '../src/estree/module-tracking';
import { exportsClient } from '../src/estree/client-storage';
import { runsMigrations } from '../src/estree/migration-shape';
import { findProperty, resolveObject } from '../src/estree/objects';
import type { NeonSettings } from '../src/project/settings';

type Options = [];
type MessageIds = 'pooledEnvVar' | 'pooledEnvVarName' | 'pooledHost';

type Scope = TSESLint.Scope.Scope;

/** `env('X')` from prisma/config reads an env var in `prisma.config.ts`. */
const PRISMA_ENV: ReadonlyMap<string, readonly ModuleTraceSpec<true>[]> = new Map([
  ['prisma/config', [{ path: ['env'], use: 'call', info: true } as const]],
]);

/** Migration runner scripts by name: `migrate.ts`, `scripts/migrate.mjs`. */
const MIGRATE_SCRIPT = /(?:^|[\\/])migrate\.[cm]?[jt]sx?$/;
/** sequelize-cli's config key that names the env var holding the URL (`use_env_variable: 'DATABASE_URL'`). */
const SEQUELIZE_CLI_URL_KEY = 'use_env_variable';
/** A Neon pooled endpoint: `ep-cool-name-123456-pooler.us-east-2.aws.neon.tech`. */
const NEON_POOLER_HOST = /-pooler\.[a-z0-9.-]*neon\.tech/i;

/** `url: process.env.DATABASE_URL` passes the value on; `if (!process.env.DATABASE_URL)` only tests it. */
function passesValueOn(node: TSESTree.Node, isDirectFallbackBase: (node: TSESTree.Node) => boolean): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'ChainExpression':
      case 'AwaitExpression':
      case 'TemplateLiteral':
        continue;
      case 'LogicalExpression':
        if (parent.operator === '&&' && child === parent.left) return false;
        // `process.env.DATABASE_URL_UNPOOLED ?? process.env.DATABASE_URL`: the direct URL wins when it is set.
        if (child === parent.right && isDirectFallbackBase(parent.left)) return false;
        continue;
      case 'ConditionalExpression':
        if (child === parent.test) return false;
        continue;
      case 'MemberExpression': {
        if (child !== parent.object) return false;
        // `process.env.DATABASE_URL.replace('-pooler', '')` derives the direct URL.
        const call = parent.parent;
        const method = getPropertyName(parent as never);
        if ((method === 'replace' || method === 'replaceAll') && call?.type === 'CallExpression' && call.callee === parent) {
          const pattern = call.arguments[0];
          if (pattern?.type === 'Literal' && String(pattern.value ?? (pattern as TSESTree.RegExpLiteral).regex?.pattern).includes('pooler')) {
            return false;
          }
        }
        continue;
      }
      case 'CallExpression':
      case 'NewExpression':
        return parent.callee !== child;
      case 'Property':
        return parent.value === child;
      case 'VariableDeclarator':
        return parent.init === child;
      case 'AssignmentExpression':
        return parent.right === child;
      case 'ReturnStatement':
      case 'ArrayExpression':
      case 'ExportDefaultDeclaration':
      case 'ArrowFunctionExpression':
        return true;
      default:
        return false;
    }
  }
  return false;
}

/** The string literals a value can be: `'X'`, `cond ? 'X' : undefined`, `a || 'X'`. */
function literalBranches(node: TSESTree.Node): TSESTree.StringLiteral[] {
  if (node.type === 'Literal') return typeof node.value === 'string' ? [node as TSESTree.StringLiteral] : [];
  if (node.type === 'ConditionalExpression') return [...literalBranches(node.consequent), ...literalBranches(node.alternate)];
  if (node.type === 'LogicalExpression') return [...literalBranches(node.left), ...literalBranches(node.right)];
  if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') return literalBranches(node.expression);
  return [];
}

/** The direct variable Neon's integrations pair with a pooled one. */
function directCounterpart(pooled: string, directVars: readonly string[]): string {
  return (
    directVars.find((name) => name === `${pooled}_UNPOOLED` || name === `${pooled}_NON_POOLING`) ??
    directVars[0] ??
    'DATABASE_URL_UNPOOLED'
  );
}

const envVarSetsCache = new WeakMap<NeonSettings, { pooled: ReadonlySet<string>; direct: ReadonlySet<string> }>();

/** The pooled and direct variable names as sets, built once per settings object rather than once per file. */
function envVarSets(settings: NeonSettings): { pooled: ReadonlySet<string>; direct: ReadonlySet<string> } {
  let sets = envVarSetsCache.get(settings);
  if (!sets) {
    sets = { pooled: new Set(settings.pooledEnvVars), direct: new Set(settings.directEnvVars) };
    envVarSetsCache.set(settings, sets);
  }
  return sets;
}

export default createRule<Options, MessageIds>({
  name: 'migrations-use-direct-url',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require migration tool configs to connect through the direct (unpooled) Neon URL',
      recommended: 'neon',
    },
    schema: [],
    defaultOptions: [],
    messages: {
      pooledEnvVar:
        "This migration config reads `{{name}}`, Neon's pooled URL: PgBouncer in transaction mode, where session state does not survive between transactions. The advisory locks that drizzle-kit, knex, TypeORM and Prisma take around migrations, `SET`, prepared statements and long DDL transactions then break or hang. Point migrations at the direct (unpooled) URL, e.g. `{{direct}}` from Neon's Vercel integration (`process.env.{{direct}} ?? process.env.{{name}}` is fine).",
      pooledEnvVarName:
        "This sequelize-cli config names `{{name}}` in `use_env_variable`, so `sequelize db:migrate` connects through Neon's pooled URL: PgBouncer in transaction mode, where session state does not survive between transactions. Long DDL transactions, `SET` and the locks migrations rely on then break or hang. Name the direct (unpooled) variable instead, e.g. `use_env_variable: '{{direct}}'` (Neon's Vercel integration sets it).",
      pooledHost:
        "This migration config connects to a Neon `-pooler` host: PgBouncer in transaction mode, where session state does not survive between transactions. The advisory locks that drizzle-kit, knex, TypeORM and Prisma take around migrations, `SET`, prepared statements and long DDL transactions then break or hang. Use the direct endpoint (the host without `-pooler`), read from an env var such as `DATABASE_URL_UNPOOLED`.",
    },
  },
  create(context) {
    const { sourceCode } = context;
    const settings = neonSettings(context);
    const { pooled, direct } = envVarSets(settings);
    const text = sourceCode.text;
    if (!settings.pooledEnvVars.some((name) => text.includes(name)) && !text.includes('-pooler')) return {};

    /** sequelize-cli reads the config wherever `.sequelizerc` puts it: the key itself says what the file is. */
    function checkSequelizeCliUrlKey(property: TSESTree.Property): void {
      if (property.computed || getPropertyName(property as never) !== SEQUELIZE_CLI_URL_KEY) return;
      for (const literal of literalBranches(property.value)) {
        if (!pooled.has(literal.value)) continue;
        context.report({ node: literal, messageId: 'pooledEnvVarName', data: { name: literal.value, direct: directCounterpart(literal.value, settings.directEnvVars) } });
      }
    }
    const sequelizeCliCheck = text.includes(SEQUELIZE_CLI_URL_KEY) ? { Property: checkSequelizeCliUrlKey } : {};

    const prismaEnvCalls = new Set<TSESTree.Node>();
    const byPath = contextFileRoles(context).toolConfig || MIGRATE_SCRIPT.test(context.physicalFilename ?? context.filename);
    for (const ref of trackModuleReferences(sourceCode, PRISMA_ENV)) prismaEnvCalls.add(ref.node);
    // A runtime db module that also builds a migrator over the app's client (Umzug on the exported Sequelize)
    // rightly reads the pooled URL for the app: only dedicated runners are held to the direct URL.
    let isMigrationConfig = byPath || (runsMigrations(sourceCode) && !exportsClient(sourceCode));
    if (!isMigrationConfig) {
      // A TypeORM data source that lists migrations is what `typeorm migration:run -d` loads.
      isMigrationConfig = getClientConstructions(sourceCode).some((construction) => {
        if (construction.driver.id !== 'typeorm') return false;
        const scope = sourceCode.getScope(construction.node);
        const options = resolveObject(construction.node.arguments[construction.spec.optionsArg ?? 0], scope);
        return options !== undefined && findProperty(options, 'migrations', scope) !== undefined;
      });
    }
    if (!isMigrationConfig) return sequelizeCliCheck;

    /** The env var `node` reads: `process.env.X`, `env('X')` from prisma/config, or `env.X` of an imported env module (t3-env). */
    function readVarName(node: TSESTree.Node, scope: Scope): string | undefined {
      const read = envVarRead(node, scope);
      if (read !== undefined) return read;
      if (node.type === 'CallExpression' && prismaEnvCalls.has(node)) {
        return getStringIfConstant(node.arguments[0] as never, scope as never) ?? undefined;
      }
      if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'env') {
        const variable = findVariable(scope as never, node.object as never) as TSESLint.Scope.Variable | null;
        if (variable?.defs[0]?.type === 'ImportBinding') return getPropertyName(node as never, scope as never) ?? undefined;
      }
      return undefined;
    }

    function readsDirectVar(node: TSESTree.Node): boolean {
      const scope = sourceCode.getScope(node);
      const name = readVarName(node, scope);
      if (name !== undefined) return direct.has(name);
      if (node.type === 'LogicalExpression') return readsDirectVar(node.left) || readsDirectVar(node.right);
      if (node.type === 'TSNonNullExpression' || node.type === 'TSAsExpression') return readsDirectVar(node.expression);
      return false;
    }

    function checkRead(node: TSESTree.MemberExpression | TSESTree.CallExpression): void {
      const name = readVarName(node, sourceCode.getScope(node));
      if (name === undefined || !pooled.has(name) || !passesValueOn(node, readsDirectVar)) return;
      context.report({ node, messageId: 'pooledEnvVar', data: { name, direct: directCounterpart(name, settings.directEnvVars) } });
    }

    function checkHost(node: TSESTree.Literal | TSESTree.TemplateElement): void {
      const value = node.type === 'Literal' ? node.value : node.value.cooked;
      if (typeof value === 'string' && NEON_POOLER_HOST.test(value)) context.report({ node, messageId: 'pooledHost' });
    }

    return {
      ...sequelizeCliCheck,
      MemberExpression: checkRead,
      CallExpression: checkRead,
      Literal: checkHost,
      TemplateElement: checkHost,
    };
  },
});
