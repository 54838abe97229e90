import type { Identifier, Statement } from 'ts-morph';

import type { DbModule } from '../analyze';
import { driverIdOf, isSingleConnection, type ConstructionNode } from '../constructions';
import { Node, SyntaxKind } from '../../lib/ts-morph';

/**
 * One construction replaced by the shared client: its declaration goes, its
 * uses are renamed to the imported binding, and the per-request `end()` /
 * `$disconnect()` / `connect()` calls go with it. A use that would change
 * behaviour on a shared client is a reason to leave the construction alone.
 */

export interface Replacement {
  /** the binding the file imports from the db module */
  readonly local: string;
  /** statements removed (the declaration and the lifecycle calls) */
  readonly removed: readonly Statement[];
  /** identifiers renamed to `local` */
  readonly renamed: readonly Identifier[];
}

const CLOSE_METHODS = new Set(['end', '$disconnect', 'destroy', 'close']);
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

/** The query text when it is a plain string or a template without holes; undefined when it cannot be read. */
function staticSql(argument: Node | undefined): string | undefined {
  if (!argument) return undefined;
  if (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument)) return argument.getLiteralValue();
  return undefined;
}

/** A local of another per-request construction of the same driver: it is replaced too, so its name is free. */
function isReplacedLocal(identifier: Identifier, driverId: string): boolean {
  return (identifier.getSymbol()?.getDeclarations() ?? []).some((declaration) => {
    if (!Node.isVariableDeclaration(declaration)) return false;
    const initializer = declaration.getInitializer();
    return (
      initializer !== undefined &&
      (Node.isNewExpression(initializer) || Node.isCallExpression(initializer)) &&
      driverIdOf(initializer) === driverId &&
      initializer.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor)) !== undefined
    );
  });
}

function freeName(node: ConstructionNode, wanted: string, own: readonly Identifier[], driverId: string): string | undefined {
  const file = node.getSourceFile();
  const taken = file
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .some((identifier) => identifier.getText() === wanted && !own.includes(identifier) && !isPropertyName(identifier) && !isReplacedLocal(identifier, driverId));
  return taken ? undefined : wanted;
}

function isPropertyName(identifier: Identifier): boolean {
  const parent = identifier.getParent();
  return (
    (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) ||
    (Node.isPropertyAssignment(parent) && parent.getNameNode() === identifier) ||
    (Node.isMethodDeclaration(parent) && parent.getNameNode() === identifier)
  );
}

export function planReplacement(node: ConstructionNode, dbModule: DbModule): Replacement | string {
  const declaration = node.getParent();
  if (!Node.isVariableDeclaration(declaration) || declaration.getInitializer() !== node || !Node.isIdentifier(declaration.getNameNode())) {
    return 'this client is not stored in a variable of its own: replace it with the db module’s client by hand.';
  }
  const statement = declaration.getVariableStatement();
  if (!statement || statement.getDeclarations().length !== 1) return 'this client is declared together with other variables: replace it by hand.';
  if (statement.isExported()) return 'this module exports its own client: make its importers use the db module, then remove it by hand.';
  const nameNode = declaration.getNameNode() as Identifier;
  const name = nameNode.getText();
  const symbol = nameNode.getSymbol();
  const file = node.getSourceFile();
  const references = file
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .filter((identifier) => identifier !== nameNode && identifier.getText() === name && !isPropertyName(identifier) && identifier.getSymbol() === symbol);
  const perRequest = node.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor)) !== undefined;
  const singleConnection = isSingleConnection(node);

  const removed: Statement[] = [statement];
  const renamed: Identifier[] = [];
  for (const reference of references) {
    const parent = reference.getParentOrThrow();
    if (Node.isShorthandPropertyAssignment(parent) || Node.isExportSpecifier(parent)) {
      return 'this client is exported or passed on in an object: replace it by hand.';
    }
    if (!perRequest && /^(?:module\.)?exports\b/.test(parent.getText())) return 'this module exports its own client: replace it by hand.';
    const member = Node.isPropertyAccessExpression(parent) && parent.getExpression() === reference ? parent : undefined;
    const method = member?.getName();
    const call = member?.getParent();
    const isCall = call !== undefined && Node.isCallExpression(call) && call.getExpression() === member;
    if (perRequest && method && isCall && (CLOSE_METHODS.has(method) || (singleConnection && method === 'connect'))) {
      const own = statementOfCall(call);
      if (!own) return `\`${name}.${method}()\` is used as a value: closing a shared client per request would break other requests. Replace it by hand.`;
      removed.push(own);
      continue;
    }
    if (perRequest && method && LISTENER_METHODS.has(method)) {
      return `\`${name}.${method}()\` per request would pile listeners onto the shared client: replace it by hand.`;
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

  const wanted = perRequest ? dbModule.exported.name : name;
  const local = perRequest ? freeName(node, wanted, [nameNode, ...references], dbModule.driverId) : wanted;
  if (!local) return `\`${wanted}\` already names something else in this file: import the db module’s client under another name by hand.`;
  return { local, removed, renamed: local === name ? [] : renamed };
}
