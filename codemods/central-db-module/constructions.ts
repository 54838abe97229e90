import type { Expression, NewExpression, CallExpression, SourceFile } from 'ts-morph';

import { driverForModule } from '../../src/catalog';
import type { StackId } from '../templates/db-modules';
import { requiredModule } from './module-syntax';
import { Node, ts } from '../lib/ts-morph';

/**
 * Facts about one client construction, read with ts-morph at the place a rule
 * reported it: which driver module the callee comes from, and whether its
 * connection settings are the ones the env-based db module template uses.
 */

export type ConstructionNode = NewExpression | CallExpression;

/** The db module template that replaces constructions of each driver; the others are left for a human. */
export const TEMPLATE_FOR_DRIVER: Readonly<Record<string, StackId>> = {
  pg: 'pg',
  'neon-serverless': 'neon-serverless',
  postgres: 'postgres',
  prisma: 'prisma',
};

/** Option names that hold the connection string and nothing else, per driver. */
const URL_OPTION: Readonly<Record<string, readonly string[]>> = {
  pg: ['connectionString'],
  'neon-serverless': ['connectionString'],
  prisma: ['datasourceUrl'],
};

// A config module's field that holds the app's connection string (`config.databaseUrl`), not some other database's.
const CONFIG_URL_FIELD = /^(?:database_?url|db_?url|connection_?string|postgres_?url|pg_?url)$/i;

/** The construction at the range a rule reported, outermost first when several share it. */
export function constructionAt(file: SourceFile, start: number, end: number | undefined): ConstructionNode | undefined {
  let found: ConstructionNode | undefined;
  file.forEachDescendant((node, traversal) => {
    if (node.getEnd() <= start || node.getStart() > start) {
      traversal.skip();
      return;
    }
    if ((Node.isNewExpression(node) || Node.isCallExpression(node)) && node.getStart() === start && (end === undefined || node.getEnd() === end)) {
      found = node;
      traversal.stop();
    }
  });
  return found;
}

/** The module a callee's root identifier is imported or required from (`Pool`, `pg.Pool`, `require('pg').Pool`). */
export function calleeModule(node: ConstructionNode): string | undefined {
  let callee: Node = node.getExpression();
  while (Node.isPropertyAccessExpression(callee)) callee = callee.getExpression();
  const direct = requiredModule(callee);
  if (direct) return direct;
  if (!Node.isIdentifier(callee)) return undefined;
  for (const declaration of callee.getSymbol()?.getDeclarations() ?? []) {
    const importDeclaration = declaration.getFirstAncestorByKind(ts.SyntaxKind.ImportDeclaration);
    if (importDeclaration) return importDeclaration.getModuleSpecifierValue();
    const variable = Node.isVariableDeclaration(declaration) ? declaration : declaration.getFirstAncestorByKind(ts.SyntaxKind.VariableDeclaration);
    const module = requiredModule(variable?.getInitializer());
    if (module) return module;
  }
  return undefined;
}

export function driverIdOf(node: ConstructionNode): string | undefined {
  const module = calleeModule(node);
  return module === undefined ? undefined : driverForModule(module)?.id;
}

/** `new Client()`: one connection opened with `connect()`; the rest of the supported constructions are pools. */
export function isSingleConnection(node: ConstructionNode): boolean {
  const callee = node.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  return name === 'Client';
}

/** `process.env.DATABASE_URL`, or a config module's URL field (`config.databaseUrl`) imported from a relative path. */
function isAppUrl(expression: Node, envVar: string): boolean {
  const value = unwrap(expression);
  if (value.getText().replace(/\s/g, '') === `process.env.${envVar}`) return true;
  if (Node.isElementAccessExpression(value) && value.getExpression().getText() === 'process.env') {
    const argument = value.getArgumentExpression();
    return argument !== undefined && Node.isStringLiteral(argument) && argument.getLiteralValue() === envVar;
  }
  if (!Node.isPropertyAccessExpression(value) || !CONFIG_URL_FIELD.test(value.getName())) return false;
  let root: Node = value.getExpression();
  while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
  if (!Node.isIdentifier(root)) return false;
  return (root.getSymbol()?.getDeclarations() ?? []).some((declaration) => {
    const importDeclaration = declaration.getFirstAncestorByKind(ts.SyntaxKind.ImportDeclaration);
    const variable = Node.isVariableDeclaration(declaration) ? declaration : declaration.getFirstAncestorByKind(ts.SyntaxKind.VariableDeclaration);
    const specifier = importDeclaration?.getModuleSpecifierValue() ?? requiredModule(variable?.getInitializer());
    return specifier?.startsWith('.') === true;
  });
}

function unwrap(node: Node): Node {
  let current = node;
  while (Node.isAsExpression(current) || Node.isNonNullExpression(current) || Node.isParenthesizedExpression(current)) current = current.getExpression();
  return current;
}

/**
 * Are the construction's arguments what the template does anyway: the app's
 * URL from the env (or a config module) and no other option? Anything more
 * (`max: 50`, a statement timeout, another database) is a decision a human makes.
 */
export function hasTemplateSettings(node: ConstructionNode, driverId: string, envVar: string): boolean {
  const args: Expression[] = node.getArguments() as Expression[];
  if (driverId === 'postgres') return args.length === 1 && isAppUrl(args[0]!, envVar);
  if (args.length === 0) return driverId === 'prisma';
  if (args.length > 1) return false;
  const options = unwrap(args[0]!);
  // `new Client(process.env.DATABASE_URL)`: pg takes the URL itself too.
  if (driverId !== 'prisma' && isAppUrl(options, envVar)) return true;
  if (!Node.isObjectLiteralExpression(options)) return false;
  const properties = options.getProperties();
  if (properties.length !== 1) return false;
  const [property] = properties;
  if (!Node.isPropertyAssignment(property) || !(URL_OPTION[driverId] ?? []).includes(property.getName())) return false;
  return isAppUrl(property.getInitializerOrThrow(), envVar);
}
