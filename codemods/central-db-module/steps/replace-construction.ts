import type { CallExpression, Identifier, Statement } from 'ts-morph';

import type { TextEdit } from '../../schema-sync-to-migrations/source';
import { dbModuleTemplate } from '../../templates/db-modules';
import { clientOf, enclosingFunction, isPropertyName, projectParts, referencesOf, type Client, type ConstructionNode, type ExportedClient } from '../constructions';
import type { ImportedName } from '../module-syntax';
import { Node, SyntaxKind } from '../../lib/ts-morph';

/**
 * One client replaced by the shared one: its declaration goes (a wrapper's
 * own pool with it), its uses are renamed to the imported binding, the
 * per-request close calls (`end()`, `$disconnect()`, `destroy()`, `close()`,
 * drizzle's `$client.end()`) and a pg Client's `connect()` go, and a TypeORM
 * `initialize()` becomes the db module's shared `initializeDb()`. A use that
 * would change behaviour on a shared client is a reason to leave it alone.
 */

export interface Replacement {
  /** what the file imports from the db module: the client, and its initializer when it needs one */
  readonly imports: readonly ImportedName[];
  /** statements removed (the declarations and the lifecycle calls) */
  readonly removed: readonly Statement[];
  /** renames to the imported binding and rewritten calls, inside code that stays */
  readonly rewrites: readonly TextEdit[];
  /** the ranges of the client's project parts (`schema`, `entities`, `<DB>`): the db module imports what they name now */
  readonly moved: readonly (readonly [number, number])[];
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'removeListener', 'off', 'removeAllListeners']);
// Statements that need one session: on a pool each query may run on another connection.
const SESSION_SQL = /^\s*(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET|RESET|LISTEN|UNLISTEN|PREPARE|DECLARE|LOCK|CREATE\s+TEMP|CREATE\s+TEMPORARY)\b/i;

/** `x.end();` or `await x.end();` as a statement of its own. */
function statementOfCall(call: Node): Statement | undefined {
  let current = call;
  if (Node.isAwaitExpression(current.getParent())) current = current.getParentOrThrow();
  const parent = current.getParent();
  return Node.isExpressionStatement(parent) ? parent : undefined;
}

/** `x.end()`, `x.$client.end()`: the member path called on the reference, and the call. */
function calledMember(reference: Node): { path: string; call: CallExpression } | undefined {
  const names: string[] = [];
  let current = reference;
  for (let parent = current.getParent(); Node.isPropertyAccessExpression(parent) && parent.getExpression() === current; parent = current.getParent()) {
    names.push(parent.getName());
    current = parent;
  }
  const call = current.getParent();
  return names.length > 0 && Node.isCallExpression(call) && call.getExpression() === current ? { path: names.join('.'), call } : undefined;
}

/** The query text when it is a plain string or a template without holes; undefined when it cannot be read. */
function staticSql(argument: Node | undefined): string | undefined {
  if (!argument) return undefined;
  if (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument)) return argument.getLiteralValue();
  return undefined;
}

/** A local of another per-request client of the same stack: it is replaced too, so its name is free. */
function isReplacedLocal(identifier: Identifier, client: Client): boolean {
  return (identifier.getSymbol()?.getDeclarations() ?? []).some((declaration) => {
    if (!Node.isVariableDeclaration(declaration)) return false;
    const initializer = declaration.getInitializer();
    return initializer !== undefined && enclosingFunction(initializer) !== undefined && clientOf(initializer)?.stack === client.stack;
  });
}

function freeName(node: ConstructionNode, wanted: string, own: readonly Identifier[], client?: Client): string | undefined {
  const taken = node
    .getSourceFile()
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .some((identifier) => identifier.getText() === wanted && !own.includes(identifier) && !isPropertyName(identifier) && !(client && isReplacedLocal(identifier, client)));
  return taken ? undefined : wanted;
}

/** The wrapper's own pool (`const pool = new Pool(); const db = drizzle(pool)`): it goes with the wrapper, and so do its close calls. */
function innerRemovals(client: Client, perRequest: boolean): Statement[] | string {
  const { outer, inner, innerDeclaration } = client;
  if (!inner || !innerDeclaration) return [];
  const statement = innerDeclaration.getVariableStatement();
  const name = innerDeclaration.getName();
  if (!statement || statement.getDeclarations().length !== 1 || statement.isExported()) {
    return `\`${name}\`, which this ${outer.spec.display} wraps, is declared with other variables or exported: replace both by hand.`;
  }
  const removed: Statement[] = [statement];
  for (const reference of referencesOf(innerDeclaration.getNameNode() as Identifier)) {
    if (reference.getStart() >= outer.node.getStart() && reference.getEnd() <= outer.node.getEnd()) continue;
    const called = calledMember(reference);
    const own = called && perRequest && inner.driver.closeMethods?.includes(called.path) ? statementOfCall(called.call) : undefined;
    if (!own) return `\`${name}\`, which this ${outer.spec.display} wraps, is used on its own too: replace both with the db module's clients by hand.`;
    removed.push(own);
  }
  return removed;
}

/** `moduleName`: the db module's path, for messages. */
export function planReplacement(client: Client, shared: ExportedClient, moduleName: string): Replacement | string {
  const { outer } = client;
  const node = outer.node;
  const declaration = node.getParent();
  if (!Node.isVariableDeclaration(declaration) || declaration.getInitializer() !== node || !Node.isIdentifier(declaration.getNameNode())) {
    return 'this client is not stored in a variable of its own: replace it with the db module’s client by hand.';
  }
  const statement = declaration.getVariableStatement();
  if (!statement || statement.getDeclarations().length !== 1) return 'this client is declared together with other variables: replace it by hand.';
  if (statement.isExported()) return 'this module exports its own client: make its importers use the db module, then remove it by hand.';
  const nameNode = declaration.getNameNode() as Identifier;
  const name = nameNode.getText();
  const references = referencesOf(nameNode);
  const perRequest = enclosingFunction(node) !== undefined;
  const singleConnection = outer.spec.kind === 'client' && shared.construction.spec.kind !== 'client';
  const openMethod = outer.spec.openMethod;
  // The shared client needs opening once too (TypeORM): the db module's initializer does it for every caller.
  const sharedOpens = openMethod !== undefined && shared.construction.spec.openMethod === openMethod;

  const innerRemoved = innerRemovals(client, perRequest);
  if (typeof innerRemoved === 'string') return innerRemoved;
  const removed: Statement[] = [statement, ...innerRemoved];
  const renamed: Identifier[] = [];
  const opened: CallExpression[] = [];
  for (const reference of references) {
    const parent = reference.getParentOrThrow();
    if (Node.isShorthandPropertyAssignment(parent) || Node.isExportSpecifier(parent) || (Node.isPropertyAssignment(parent) && parent.getInitializer() === reference)) {
      return 'this client is exported or passed on in an object: replace it by hand.';
    }
    if (!perRequest && /^(?:module\.)?exports\b/.test(parent.getText())) return 'this module exports its own client: replace it by hand.';
    const member = Node.isPropertyAccessExpression(parent) && parent.getExpression() === reference ? parent : undefined;
    const method = member?.getName();
    const call = member?.getParent();
    const isCall = call !== undefined && Node.isCallExpression(call) && call.getExpression() === member;
    const called = calledMember(reference);
    if (called && sharedOpens && called.path === openMethod) {
      if (!shared.initializer) {
        const initializer = dbModuleTemplate(shared.stack).initializeName ?? 'initializer';
        return `the shared client needs \`${openMethod}()\` once, and ${moduleName} exports no \`${initializer}()\` that does it for every caller (as the ${shared.stack} db module template does): add one and run again, or replace this client by hand.`;
      }
      opened.push(called.call);
      continue;
    }
    if (perRequest && called && (outer.driver.closeMethods?.includes(called.path) || (!sharedOpens && called.path === openMethod))) {
      const own = statementOfCall(called.call);
      if (!own) return `\`${name}.${called.path}()\` is used as a value: closing a shared client per request would break other requests. Replace it by hand.`;
      removed.push(own);
      continue;
    }
    if (perRequest && method && LISTENER_METHODS.has(method)) {
      return `\`${name}.${method}()\` per request would pile listeners onto the shared client: replace it by hand.`;
    }
    if (perRequest && method && outer.driver.modelMethods?.includes(method)) {
      return `\`${name}.${method}()\` defines models on this per-request instance: define them once on the db module's instance, then replace it by hand.`;
    }
    if (singleConnection) {
      if (method !== 'query' || !isCall) {
        return `this Client is used for more than single queries (\`${name}${method ? `.${method}` : ''}\`): a shared pool hands out a different connection per query. Use \`pool.connect()\` with \`release()\` in a finally by hand.`;
      }
      const sql = staticSql(call.getArguments()[0]);
      if (sql === undefined || SESSION_SQL.test(sql)) {
        return 'this Client runs statements that need one session (a transaction, SET, LISTEN) or SQL that cannot be read: on a pool each query may use another connection. Use `pool.connect()` with `release()` in a finally by hand.';
      }
    }
    renamed.push(reference);
  }

  const wanted = perRequest ? shared.exported.name : name;
  const local = perRequest ? freeName(node, wanted, [nameNode, ...references], client) : wanted;
  if (!local) return `\`${wanted}\` already names something else in this file: import the db module’s client under another name by hand.`;
  const imports: ImportedName[] = [{ exported: shared.exported.name, local }];
  const rewrites: TextEdit[] = local === name ? [] : renamed.map((identifier) => ({ start: identifier.getStart(), end: identifier.getEnd(), text: local }));
  if (opened.length > 0) {
    const initializer = freeName(node, shared.initializer!, []);
    if (!initializer) return `\`${shared.initializer}\` already names something else in this file: replace this client by hand.`;
    imports.push({ exported: initializer, local: initializer });
    rewrites.push(...opened.map((call) => ({ start: call.getStart(), end: call.getEnd(), text: `${initializer}()` })));
  }
  const parts = projectParts(client);
  const moved = [...parts.typeArguments, ...parts.options].map((part) => [part.getStart(), part.getEnd()] as const);
  return { imports, removed, rewrites, moved };
}
