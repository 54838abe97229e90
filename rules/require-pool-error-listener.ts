import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule';
import {
  getClientStorages,
  listenerEvent,
  listenerReceiver,
  memberName,
  resolveVariable,
  variableAliases,
  type ClientStorage,
} from '../src/estree/client-storage';
import { getClientConstructions, mayConstructClients } from '../src/estree/module-tracking';
import { fileRuntime } from '../src/estree/runtime';
import { unwrapExpression } from '../src/estree/static-string';

type Options = [];
type MessageIds = 'missingErrorListener' | 'unreachablePool' | 'addErrorListener';
type Variable = TSESLint.Scope.Variable;

/** A listener for `error`, or for an event name the rule cannot read (it may be `error`). */
function mayListenForError(call: TSESTree.CallExpression): boolean {
  if (call.arguments.length < 2) return false;
  const event = listenerEvent(call);
  return event === undefined || event === 'error';
}

/**
 * `function attachErrorHandler(p) { p.on('error', …) }` called as `attachErrorHandler(pool)`:
 * the listener's receiver is a parameter, and a same-file call passes the pool in its place.
 */
function parameterReceivesPool(parameter: Variable, aliases: ReadonlySet<Variable>): boolean {
  const definition = parameter.defs[0];
  if (definition?.type !== 'Parameter') return false;
  const fn = definition.node;
  const index = fn.params.findIndex((param) => param === definition.name);
  if (index === -1) return false;
  const callee =
    fn.type === 'FunctionDeclaration'
      ? fn.id
      : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier'
        ? fn.parent.id
        : undefined;
  if (!callee) return false;
  const fnVariable = parameter.scope.upper?.set.get(callee.name);
  for (const reference of fnVariable?.references ?? []) {
    const call = reference.identifier.parent;
    if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) continue;
    const argument = call.arguments[index];
    if (argument?.type !== 'Identifier') continue;
    for (const alias of aliases) if (alias.references.some((ref) => ref.identifier === argument)) return true;
  }
  return false;
}

/** `const pool = globalForDb.pool` (or `globalForDb.pool ?? …`): the property a variable copies. */
function readsProperty(variable: Variable): string | undefined {
  const definition = variable.defs[0];
  if (definition?.node.type !== 'VariableDeclarator' || !definition.node.init) return undefined;
  let init = unwrapExpression(definition.node.init);
  if (init.type === 'LogicalExpression') init = unwrapExpression(init.left);
  return init.type === 'MemberExpression' ? memberName(init) : undefined;
}

function hasErrorListener(
  sourceCode: Readonly<TSESLint.SourceCode>,
  storage: ClientStorage,
  errorListeners: readonly TSESTree.CallExpression[],
): boolean {
  if (storage.chainedEvents.some((event) => event === undefined || event === 'error')) return true;
  const aliases = variableAliases(storage.variable);
  // `drizzle(new Pool())` exposes the pool as `db.$client`.
  const properties = new Set([storage.property, storage.passedToCall ? '$client' : undefined]);
  for (const call of errorListeners) {
    const receiver = listenerReceiver(call)!;
    if (receiver.type === 'MemberExpression') {
      const name = memberName(receiver);
      if (name !== undefined && properties.has(name)) return true;
      continue;
    }
    if (receiver.type !== 'Identifier') continue;
    const variable = resolveVariable(sourceCode, receiver);
    if (!variable) continue;
    if (aliases.has(variable) || parameterReceivesPool(variable, aliases)) return true;
    if (storage.property !== undefined && readsProperty(variable) === storage.property) return true;
  }
  return false;
}

/**
 * What the file hands to `new PrismaPg(…)`: @prisma/adapter-pg (6.13 and later) attaches its own 'error'
 * listener to the pool it is given when Prisma connects, so an idle client the server drops no longer kills the process.
 */
function listeningAdapterArguments(sourceCode: Readonly<TSESLint.SourceCode>): Set<TSESTree.Node> {
  const arguments_ = new Set<TSESTree.Node>();
  for (const construction of getClientConstructions(sourceCode)) {
    const [first] = construction.node.arguments;
    if (construction.driver.listensOnWrappedPool && first) arguments_.add(unwrapExpression(first));
  }
  return arguments_;
}

function handedToListeningAdapter(storage: ClientStorage, adapterArguments: ReadonlySet<TSESTree.Node>): boolean {
  if (adapterArguments.size === 0) return false;
  if (adapterArguments.has(storage.expression)) return true;
  return [...variableAliases(storage.variable)].some((alias) => alias.references.some((reference) => adapterArguments.has(reference.identifier)));
}

/**
 * The statement the suggestion inserts after the pool's module-scope
 * declaration, or after the statement that assigns it. TypeScript gets
 * `err: Error`: @neondatabase/serverless types the listener as `any`, which
 * leaves `(err) =>` an implicit any under `strict`.
 */
function listenerSnippet(name: string, typescript: boolean): string {
  return `${name}.on('error', (err${typescript ? ': Error' : ''}) => { console.error('Idle Postgres client error', err); });`;
}

/** Where the listener can go: after the module-scope declaration, or after a plain assignment statement (in its block, with its indent). */
function listenerPlace(sourceCode: Readonly<TSESLint.SourceCode>, storage: ClientStorage): { after: TSESTree.Node; name: string; indent: string } | undefined {
  const name = storage.variable?.name;
  if (storage.moduleDeclaration && name) return { after: storage.moduleDeclaration, name, indent: '' };
  const statement = storage.assignmentStatement;
  if (statement?.expression.type !== 'AssignmentExpression') return undefined;
  const indent = /^[ \t]*/.exec(sourceCode.lines[statement.loc.start.line - 1] ?? '')![0];
  return { after: statement, name: sourceCode.getText(statement.expression.left), indent };
}

export default createRule<Options, MessageIds>({
  name: 'require-pool-error-listener',
  meta: {
    type: 'problem',
    docs: {
      description: "Require an 'error' listener on long-lived node-postgres pools",
      recommended: 'recommended',
      relaxIn: ['tests'],
    },
    hasSuggestions: true,
    schema: [],
    defaultOptions: [],
    messages: {
      missingErrorListener:
        "This long-lived {{display}} has no 'error' listener in its module. When the server drops an idle client (Neon terminates idle connections when a compute scales to zero; PgBouncer restarts do too), the pool emits 'error', and without a listener Node exits with an unhandled 'error' event. Add `pool.on('error', (err) => …)` where the pool is created.",
      unreachablePool:
        "This {{display}} is handed straight to another constructor, so nothing can attach an 'error' listener to it. When the server drops an idle client (Neon terminates idle connections when a compute scales to zero), the pool emits 'error' and Node exits. Hoist the pool into a variable and call `pool.on('error', (err) => …)` on it before passing it on.",
      addErrorListener: "Log idle client errors with `{{name}}.on('error', …)` right after the pool is created.",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    if (!sourceCode.text.includes('Pool') && !sourceCode.text.includes('pg-pool')) return {};
    // Pools are client constructions: none without a catalog module.
    if (!mayConstructClients(sourceCode.text)) return {};
    const errorListeners: TSESTree.CallExpression[] = [];
    const typescript = /\.[cm]?tsx?$/.test(context.filename);
    return {
      CallExpression(node) {
        if (listenerReceiver(node) && mayListenForError(node)) errorListeners.push(node);
      },
      'Program:exit'() {
        const pools = getClientStorages(sourceCode).filter(
          (storage) =>
            storage.construction.driver.nodePostgresApi &&
            storage.construction.spec.kind === 'pool' &&
            storage.longLived,
        );
        // Edge and Workers files are serverless-client-lifecycle's: a module-scope pool is wrong there anyway.
        if (pools.length === 0 || fileRuntime(context) !== 'node') return;
        const adapterArguments = listeningAdapterArguments(sourceCode);
        for (const storage of pools) {
          if (hasErrorListener(sourceCode, storage, errorListeners) || handedToListeningAdapter(storage, adapterArguments)) continue;
          const { node, spec } = storage.construction;
          const place = listenerPlace(sourceCode, storage);
          context.report({
            node,
            messageId: storage.passedToCall ? 'unreachablePool' : 'missingErrorListener',
            data: { display: spec.display },
            suggest: place
              ? [
                  {
                    messageId: 'addErrorListener',
                    data: { name: place.name },
                    fix: (fixer) => fixer.insertTextAfter(place.after, `\n${place.indent}${listenerSnippet(place.name, typescript)}`),
                  },
                ]
              : [],
          });
        }
      },
    };
  },
});
