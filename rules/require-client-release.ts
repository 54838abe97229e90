import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule';
import {
  getClientStorages,
  LISTENER_METHODS,
  memberName,
  resolveVariable,
  variableAliases,
} from '../src/estree/client-storage';
import { isFunctionNode, type FunctionNode } from '../src/estree/handlers';
import { unwrapExpression } from '../src/estree/static-string';
import { isWithin } from '../src/estree/traverse';

type Options = [];
type MessageIds = 'missingRelease' | 'releaseNotInFinally' | 'useOutsideTry' | 'doubleRelease' | 'missingDone' | 'doneSkippedOnExit';
type Variable = TSESLint.Scope.Variable;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** What is known about the receiver of `.connect()`. */
type Receiver = 'pool' | 'client' | 'unknown';

/** Node types between a release call and its `finally` block that make the call conditional. */
const BRANCHING = new Set([
  'IfStatement',
  'ConditionalExpression',
  'LogicalExpression',
  'SwitchStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'TryStatement',
]);

/** Parents of a client reference that only test it (`if (client)`, `client !== null`). */
const TESTING_PARENTS = new Set(['IfStatement', 'UnaryExpression', 'BinaryExpression', 'LogicalExpression', 'ConditionalExpression']);

interface ClientUses {
  /** `client.release(…)` calls */
  readonly releases: TSESTree.CallExpression[];
  /** every other `client.x` */
  readonly uses: TSESTree.MemberExpression[];
  /** the client leaves the function's hands: returned, passed on, stored, subscribed to, or `release` taken as a value */
  readonly escapes: boolean;
}

function within(node: TSESTree.Node, container: TSESTree.Node | null | undefined): boolean {
  return !!container && isWithin(node, container);
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/** The node a reference is seen as by its parent, through `client!` and `client as PoolClient`. */
function outermost(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === 'TSNonNullExpression' || current.parent.type === 'TSAsExpression' || current.parent.type === 'TSTypeAssertion')
  ) {
    current = current.parent;
  }
  return current;
}

function classifyUses(variable: Variable, skip: ReadonlySet<TSESTree.Node>): ClientUses {
  const releases: TSESTree.CallExpression[] = [];
  const uses: TSESTree.MemberExpression[] = [];
  let escapes = false;
  for (const reference of variable.references) {
    if (!reference.isRead() || skip.has(reference.identifier)) continue;
    const seen = outermost(reference.identifier);
    const parent = seen.parent!;
    if (parent.type === 'MemberExpression' && parent.object === seen) {
      const name = memberName(parent);
      const call = parent.parent;
      const called = call?.type === 'CallExpression' && call.callee === parent;
      if (name === 'release') {
        if (called) releases.push(call);
        else escapes = true;
      } else if (name && LISTENER_METHODS.has(name)) {
        // `client.on('notification', …)`: a dedicated connection held on purpose (LISTEN/NOTIFY).
        escapes = true;
      } else {
        uses.push(parent);
      }
    } else if (!TESTING_PARENTS.has(parent.type)) {
      escapes = true;
    }
  }
  return { releases, uses, escapes };
}

/** `client`, `client != null`, `!client`: a test of the client's presence only, which a released client passes too. */
function testsOnlyPresence(test: TSESTree.Node, variable: Variable): boolean {
  const node = unwrapExpression(test);
  if (node.type === 'Identifier') return variable.references.some((reference) => reference.identifier === node);
  if (node.type === 'UnaryExpression' && node.operator === '!') return testsOnlyPresence(node.argument, variable);
  if (node.type === 'BinaryExpression' && ['!=', '!==', '==', '==='].includes(node.operator)) {
    const nullish = (side: TSESTree.Node) =>
      (side.type === 'Literal' && side.value === null) || (side.type === 'Identifier' && side.name === 'undefined');
    return (nullish(node.right) && testsOnlyPresence(node.left, variable)) || (nullish(node.left) && testsOnlyPresence(node.right, variable));
  }
  return false;
}

/** Is the call inside `container` without a branch or loop in between, other than a test of the client's presence? */
function unconditionalIn(call: TSESTree.Node, container: TSESTree.Node, variable: Variable): boolean {
  for (let current = call.parent; current && current !== container; current = current.parent) {
    if (!BRANCHING.has(current.type)) continue;
    const test =
      current.type === 'IfStatement' || current.type === 'ConditionalExpression'
        ? current.test
        : current.type === 'LogicalExpression'
          ? current.left
          : undefined;
    if (!test || !testsOnlyPresence(test, variable)) return false;
  }
  return true;
}

/** The nearest `try` whose `finally` block contains the node, within `boundary`. */
function finallyOwner(node: TSESTree.Node, boundary: TSESTree.Node): TSESTree.TryStatement | undefined {
  for (let current = node.parent; current && current !== boundary; current = current.parent) {
    if (current.type === 'TryStatement' && within(node, current.finalizer)) return current;
  }
  return undefined;
}

/** `try { …; client.release() } catch (e) { client.release(); throw e }`, with all the work inside: released on both paths. */
function releasedInTryAndCatch(
  releases: readonly TSESTree.CallExpression[],
  uses: readonly TSESTree.MemberExpression[],
  boundary: TSESTree.Node,
): boolean {
  for (let current: TSESTree.Node | undefined = releases[0].parent; current && current !== boundary; current = current.parent) {
    if (current.type !== 'TryStatement' || !current.handler) continue;
    const statement = current;
    const inBlock = releases.some((release) => within(release, statement.block));
    const inHandler = releases.some((release) => within(release, statement.handler));
    return inBlock && inHandler && uses.every((use) => within(use, statement));
  }
  return false;
}

/** `const client = await pool.connect(); client.release();` (a connectivity check): nothing in between can throw. */
function releasedRightAway(connect: TSESTree.Node, release: TSESTree.CallExpression): boolean {
  let acquisition: TSESTree.Node = connect;
  while (acquisition.parent && acquisition.parent.type !== 'BlockStatement' && acquisition.parent.type !== 'Program') {
    acquisition = acquisition.parent;
  }
  const block = acquisition.parent;
  if (block?.type !== 'BlockStatement') return false;
  const next = block.body[block.body.indexOf(acquisition as TSESTree.Statement) + 1];
  if (next?.type !== 'ExpressionStatement') return false;
  const expression = next.expression.type === 'ChainExpression' ? next.expression.expression : next.expression;
  return unwrapExpression(expression) === release;
}

function isExit(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type !== 'BlockStatement') return false;
  const last = statement.body[statement.body.length - 1];
  return last !== undefined && (last.type === 'ReturnStatement' || last.type === 'ThrowStatement');
}

function exitStatement(statement: TSESTree.Statement): TSESTree.Statement {
  return statement.type === 'BlockStatement' ? statement.body[statement.body.length - 1] : statement;
}

function mentions(node: TSESTree.Node, variable: Variable | undefined): boolean {
  return !!variable && variable.references.some((reference) => within(reference.identifier, node));
}

export default createRule<Options, MessageIds>({
  name: 'require-client-release',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require clients checked out with `pool.connect()` to be released in a `finally` block',
      recommended: 'recommended',
    },
    schema: [],
    defaultOptions: [],
    messages: {
      missingRelease:
        'The client from `{{connect}}` is never released. A checked-out client that is not returned stays out of the pool: after `max` of them every later query waits forever. Call `client.release()` in a `finally` block.',
      releaseNotInFinally:
        "`{{name}}.release()` is skipped when the work before it throws: the client leaks, and once the pool has run out of clients every later request hangs. Call it in a `finally` block instead.",
      useOutsideTry:
        '`{{name}}` is used before the `try` whose `finally` releases it: if this throws, the client is never released and the pool runs dry. Move this work inside the `try`.',
      doubleRelease:
        "`{{name}}.release()` also runs in the `finally` block, so the client is released twice and pg throws 'Release called on client which has already been released'. Keep only the release in `finally`.",
      missingDone:
        'The `{{done}}` callback of `{{connect}}` is never called, so the client never goes back to the pool; once the pool has run out of clients every later query waits forever. Call `{{done}}()` when the work is finished, on every path.',
      doneSkippedOnExit:
        'This path leaves without calling `{{done}}()`: the client never goes back to the pool, and once the pool has run out of clients every later query waits forever. Call `{{done}}()` before leaving.',
    },
  },
  create(context) {
    const sourceCode: SourceCode = context.sourceCode;
    if (!sourceCode.text.includes('.connect(')) return {};

    let receivers: { variables: Map<Variable, Receiver>; properties: Map<string, Receiver> } | undefined;
    /** node-postgres pools and clients this file constructs, by variable and by property. */
    function knownReceivers() {
      if (receivers) return receivers;
      receivers = { variables: new Map(), properties: new Map() };
      for (const storage of getClientStorages(sourceCode)) {
        const { driver, spec } = storage.construction;
        if (!driver.nodePostgresApi || (spec.kind !== 'pool' && spec.kind !== 'client')) continue;
        for (const alias of variableAliases(storage.variable)) receivers.variables.set(alias, spec.kind);
        if (storage.property) receivers.properties.set(storage.property, spec.kind);
      }
      return receivers;
    }

    function receiverOf(callee: TSESTree.MemberExpression): Receiver {
      const object = unwrapExpression(callee.object);
      const construction = getClientStorages(sourceCode).find((storage) => storage.expression === object);
      if (construction) return construction.construction.spec.kind === 'pool' ? 'pool' : 'client';
      const { variables, properties } = knownReceivers();
      if (object.type === 'Identifier') {
        const variable = resolveVariable(sourceCode, object);
        return (variable && variables.get(variable)) ?? 'unknown';
      }
      if (object.type === 'MemberExpression') {
        const name = memberName(object);
        return (name !== undefined && properties.get(name)) || 'unknown';
      }
      return 'unknown';
    }

    function checkAwaited(connect: TSESTree.CallExpression, receiver: Receiver) {
      const awaited = outermost(connect.parent!);
      const holder = awaited.parent!;
      let variable: Variable | undefined;
      let target: TSESTree.Identifier | undefined;
      if (holder.type === 'VariableDeclarator' && holder.init === awaited && holder.id.type === 'Identifier') {
        // `using` / `await using` release on every path by construction.
        if (holder.parent.kind === 'using' || holder.parent.kind === 'await using') return;
        variable = sourceCode.getDeclaredVariables(holder)[0];
        target = holder.id;
      } else if (holder.type === 'AssignmentExpression' && holder.right === awaited && holder.left.type === 'Identifier') {
        variable = resolveVariable(sourceCode, holder.left);
        target = holder.left;
      } else {
        // `await pool.connect();` thrown away, or used once inline: nothing can release it.
        if (receiver === 'pool' && holder.type === 'ExpressionStatement') {
          context.report({ node: connect, messageId: 'missingRelease', data: { connect: sourceCode.getText(connect) } });
        }
        return;
      }
      const fn = enclosingFunction(connect);
      // A client checked out at module scope, or kept in an outer variable, is held on purpose.
      if (!fn || !variable || enclosingFunction(variable.defs[0]?.name ?? target) !== fn) return;

      const { releases, uses, escapes } = classifyUses(variable, new Set([target]));
      if (escapes || releases.some((release) => enclosingFunction(release) !== fn)) return;
      const name = variable.name;
      if (releases.length === 0) {
        if (receiver === 'pool') {
          context.report({ node: connect, messageId: 'missingRelease', data: { connect: sourceCode.getText(connect) } });
        }
        return;
      }

      const guards = new Map<TSESTree.TryStatement, TSESTree.CallExpression[]>();
      for (const release of releases) {
        const owner = finallyOwner(release, fn);
        if (!owner || owner.range[1] < connect.range[0] || within(connect, owner.finalizer)) continue;
        guards.set(owner, [...(guards.get(owner) ?? []), release]);
      }

      if (guards.size === 0) {
        // `try { …; client.release() } catch (e) { client.release(); throw e }` releases on both paths too.
        if (!releasedInTryAndCatch(releases, uses, fn) && !releasedRightAway(connect, releases[0])) context.report({ node: releases[0], messageId: 'releaseNotInFinally', data: { name } });
        return;
      }

      const firstGuard = [...guards.keys()].sort((a, b) => a.range[0] - b.range[0])[0];
      const unprotected = uses.find(
        (use) => use.range[0] > connect.range[1] && use.range[0] < firstGuard.range[0] && ![...guards.keys()].some((guard) => within(use, guard)),
      );
      if (unprotected) context.report({ node: unprotected, messageId: 'useOutsideTry', data: { name } });

      const reported = new Set<TSESTree.Node>();
      for (const [guard, finalReleases] of guards) {
        const unconditional = finalReleases.filter((release) => unconditionalIn(release, guard.finalizer!, variable));
        if (unconditional.length === 0) continue;
        const twice = releases.filter(
          (release) =>
            (within(release, guard.block) || within(release, guard.handler) || release.range[0] > guard.range[1]) &&
            !finalReleases.includes(release),
        );
        for (const release of [...twice, ...unconditional.slice(1)]) {
          if (reported.has(release)) continue;
          reported.add(release);
          context.report({ node: release, messageId: 'doubleRelease', data: { name } });
        }
      }
    }

    function checkCallback(connect: TSESTree.CallExpression, callback: FunctionNode) {
      const [errorParam, clientParam, doneParam] = callback.params;
      const declared = sourceCode.getDeclaredVariables(callback);
      const byParam = (param: TSESTree.Parameter | undefined) =>
        param?.type === 'Identifier' ? declared.find((variable) => variable.name === param.name) : undefined;
      const errorVariable = byParam(errorParam);
      const clientVariable = byParam(clientParam);
      const doneVariable = byParam(doneParam);

      const releases: TSESTree.CallExpression[] = [];
      if (clientVariable) {
        const client = classifyUses(clientVariable, new Set());
        if (client.escapes) return;
        releases.push(...client.releases);
      }
      for (const reference of doneVariable?.references ?? []) {
        const call = reference.identifier.parent;
        // `done` handed on (`stream.on('end', done)`) is released elsewhere.
        if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) return;
        releases.push(call);
      }
      const done = doneVariable?.name ?? `${clientVariable?.name ?? 'client'}.release`;
      const connectText = `${sourceCode.getText(connect.callee)}()`;
      if (releases.length === 0) {
        context.report({ node: connect, messageId: 'missingDone', data: { done, connect: connectText } });
        return;
      }
      // An early `return` before the release in the function that releases, e.g. `if (err) return log(err); done();` in a query callback.
      for (const release of releases) {
        const fn = enclosingFunction(release);
        if (!fn || fn.body.type !== 'BlockStatement') continue;
        const body = fn.body.body;
        const releaseIndex = body.findIndex((statement) => within(release, statement));
        for (const statement of body.slice(0, Math.max(releaseIndex, 0))) {
          if (statement.type !== 'IfStatement' || statement.alternate || !isExit(statement.consequent)) continue;
          if (releases.some((other) => within(other, statement))) continue;
          // When connecting fails there is no client to release (pg passes a no-op `done`).
          if (fn === callback && mentions(statement.test, errorVariable)) continue;
          context.report({ node: exitStatement(statement.consequent), messageId: 'doneSkippedOnExit', data: { done } });
          return;
        }
      }
    }

    return {
      'CallExpression[callee.type="MemberExpression"][callee.property.name="connect"]'(node: TSESTree.CallExpression) {
        const callee = node.callee as TSESTree.MemberExpression;
        if (node.arguments.length === 0 && outermost(node).parent?.type === 'AwaitExpression') {
          const receiver = receiverOf(callee);
          if (receiver !== 'client') checkAwaited(node, receiver);
          return;
        }
        const callback = node.arguments[node.arguments.length - 1];
        if (node.arguments.length !== 1 || !callback || !isFunctionNode(callback)) return;
        const receiver = receiverOf(callee);
        // A pg Client's `connect(cb)` passes only an error; a pool's passes `(err, client, done)`.
        if (receiver === 'client' || (receiver === 'unknown' && callback.params.length < 3)) return;
        if (callback.params.length < 2) return;
        checkCallback(node, callback);
      },
    };
  },
});
