import path from 'node:path';
import type { API, FileInfo, JSCodeshift } from 'jscodeshift';

import { createNeonLinter, type LintMessage, type NeonLinter } from './lib/lint';
import type { CodemodOptions, ParserName, TransformMeta } from './lib/transform';

/**
 * `release-in-finally`: answers `neon/require-client-release` by releasing a
 * client checked out with `await pool.connect()` in a `finally` block that
 * covers all the work done with it.
 *
 * The rule finds the targets. For each reported checkout a read-only analysis
 * builds a plan (which statements the `try` covers, which releases go away,
 * what the `finally` passes to `release`), then the plan is applied to the
 * AST, one checkout per pass. A checkout whose rewrite cannot be shown to
 * keep the program's behaviour (callback-style `connect`, the client used in
 * a callback, a release that more awaited work follows) is left as it is,
 * with a finding for a human.
 */

export const meta: TransformMeta = {
  name: 'release-in-finally',
  description: 'wrap the work after `await pool.connect()` in try/finally and release the client in the finally block',
  triggers: { text: ['.connect('] },
  answers: ['neon/require-client-release'],
};

export const parser: ParserName = 'ts';

const RULE_ID = 'neon/require-client-release';
const RELEASE_VARIABLE = 'releaseError';
/** Each pass rewrites one checkout; a file with more reported checkouts than this is finished by a second run. */
const MAX_PASSES = 50;
/** node-postgres client methods that return a value, not a promise: they need no `await`. */
const SYNC_METHODS = new Set(['escapeLiteral', 'escapeIdentifier']);

/** A babel/recast node seen generically: enough to walk, compare positions and rebuild statement lists. */
interface Node {
  type: string;
  start?: number;
  end?: number;
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } } | null;
  comments?: unknown[] | null;
  [key: string]: unknown;
}

/** A release the plan removes; with an argument and `releaseVariable`, it becomes `releaseError = <argument>`. */
interface ReleaseEdit {
  readonly statement: Node;
  readonly argument?: Node;
}

interface Plan {
  /** the statement list holding the checkout; the `try` covers `block[first..last]` */
  readonly block: Node[];
  readonly first: number;
  readonly last: number;
  readonly client: string;
  /** an existing `try` (the last statement of the region) that gets the release in `finally` instead of a new `try` */
  readonly extend?: Node;
  readonly drop: readonly ReleaseEdit[];
  /** the unconditional release an existing `finally` already has */
  readonly kept?: Node;
  /** the argument of the new release in `finally`, when every removed release passed the same literal */
  readonly finalArgument?: Node;
  /** releases that pass an argument record it in this variable, which the `finally` passes on */
  readonly releaseVariable?: string;
}

interface Site {
  /** `line:column` of the `connect()` call, as the rule reports it */
  readonly key: string;
  readonly start: number;
  /** `line:column` of every report that belongs to this checkout */
  readonly owns: ReadonlySet<string>;
  readonly outcome: Plan | string;
}

interface Checkout {
  readonly statement: Node;
  readonly block: Node[];
  readonly index: number;
  readonly fn: Node;
  readonly client: string;
  readonly references: readonly Node[];
}

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);
const EXPRESSION_WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSSatisfiesExpression', 'ParenthesizedExpression']);
const SKIPPED_KEYS = new Set(['loc', 'start', 'end', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'tokens', 'type']);
const LITERAL_TYPES = new Set(['BooleanLiteral', 'NumericLiteral', 'StringLiteral', 'NullLiteral']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function childEntries(node: Node): [string, Node][] {
  const result: [string, Node][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) result.push([key, child]);
  }
  return result;
}

/** Every node under `node`; nested functions are entered only when asked. */
function descendants(node: Node, intoFunctions: boolean): Node[] {
  const result: Node[] = [];
  const visit = (current: Node) => {
    for (const [, child] of childEntries(current)) {
      result.push(child);
      if (intoFunctions || !FUNCTION_TYPES.has(child.type)) visit(child);
    }
  };
  visit(node);
  return result;
}

function within(node: Node, container: Node): boolean {
  return node.start! >= container.start! && node.end! <= container.end!;
}

function positionKey(node: Node): string {
  return `${node.loc!.start.line}:${node.loc!.start.column + 1}`;
}

function messageKey(message: LintMessage): string {
  return `${message.line}:${message.column}`;
}

function isMember(node: Node | undefined): node is Node {
  return node?.type === 'MemberExpression' || node?.type === 'OptionalMemberExpression';
}

function isCall(node: Node | undefined): node is Node {
  return node?.type === 'CallExpression' || node?.type === 'OptionalCallExpression';
}

function propertyName(member: Node): string | undefined {
  const property = member.property as Node;
  if (!member.computed && property.type === 'Identifier') return property.name as string;
  if (member.computed && property.type === 'StringLiteral') return property.value as string;
  return undefined;
}

function callArguments(statement: Node): Node[] {
  return (statement.expression as Node).arguments as Node[];
}

function body(block: Node): Node[] {
  return block.body as Node[];
}

/** Names a statement declares for its block (`const`/`let`/`class`/`function`): moving it into a `try` block would narrow their scope. */
function blockScopedNames(statement: Node): string[] {
  const names: string[] = [];
  const collect = (pattern: Node | null | undefined) => {
    if (!pattern) return;
    if (pattern.type === 'Identifier') names.push(pattern.name as string);
    else if (pattern.type === 'ObjectPattern') for (const property of pattern.properties as Node[]) collect((property.value ?? property.argument) as Node);
    else if (pattern.type === 'ArrayPattern') for (const element of pattern.elements as (Node | null)[]) collect(element);
    else if (pattern.type === 'AssignmentPattern') collect(pattern.left as Node);
    else if (pattern.type === 'RestElement') collect(pattern.argument as Node);
  };
  const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as Node | null) : statement;
  if (declaration?.type === 'VariableDeclaration' && declaration.kind !== 'var') {
    for (const declarator of declaration.declarations as Node[]) collect(declarator.id as Node);
  } else if (declaration?.type === 'ClassDeclaration' || declaration?.type === 'FunctionDeclaration') {
    collect(declaration.id as Node | null);
  }
  return names;
}

function mentionsName(node: Node, names: ReadonlySet<string>): boolean {
  return [node, ...descendants(node, true)].some((child) => child.type === 'Identifier' && names.has(child.name as string));
}

/** Does the statement pause its function (`await`, `yield`, `for await`)? A release after it would come later in `finally`. */
function suspends(node: Node): boolean {
  return [node, ...descendants(node, false)].some(
    (child) => child.type === 'AwaitExpression' || child.type === 'YieldExpression' || (child.type === 'ForOfStatement' && child.await === true),
  );
}

/** Read-only: where each reported checkout is, and the plan that moves its release into `finally`. */
class Analysis {
  private readonly parents = new WeakMap<Node, { parent: Node; key: string }>();

  constructor(
    private readonly program: Node,
    private readonly source: string,
  ) {
    const index = (node: Node) => {
      for (const [key, child] of childEntries(node)) {
        this.parents.set(child, { parent: node, key });
        index(child);
      }
    };
    index(program);
  }

  parentOf(node: Node): Node | undefined {
    return this.parents.get(node)?.parent;
  }

  /** Every `await x.connect()` without arguments, as a site with its plan or the reason there is none. */
  sites(): Site[] {
    return descendants(this.program, true)
      .filter((node) => {
        if (!isCall(node) || (node.arguments as Node[]).length > 0) return false;
        const callee = node.callee as Node;
        return isMember(callee) && propertyName(callee) === 'connect' && this.parentOf(this.outermost(node))?.type === 'AwaitExpression';
      })
      .map((connect) => {
        const checkout = this.checkout(connect);
        const owns = new Set([positionKey(connect)]);
        if (typeof checkout !== 'string') for (const reference of checkout.references) owns.add(positionKey(reference));
        return { key: positionKey(connect), start: connect.start!, owns, outcome: typeof checkout === 'string' ? checkout : this.plan(checkout) };
      });
  }

  private text(node: Node): string {
    return this.source.slice(node.start, node.end);
  }

  private enclosingFunction(node: Node): Node | undefined {
    for (let current = this.parentOf(node); current; current = this.parentOf(current)) if (FUNCTION_TYPES.has(current.type)) return current;
    return undefined;
  }

  /** The expression as its parent sees it, through TS casts and parentheses. */
  private outermost(node: Node): Node {
    let current = node;
    for (let parent = this.parentOf(current); parent && EXPRESSION_WRAPPERS.has(parent.type); parent = this.parentOf(current)) current = parent;
    return current;
  }

  /** The variable the client is kept in, the statement that checks it out, and every read of that variable in the function. */
  private checkout(connect: Node): Checkout | string {
    const awaited = this.outermost(this.parentOf(this.outermost(connect))!);
    const holder = this.parentOf(awaited)!;
    let statement: Node | undefined;
    let target: Node;
    if (holder.type === 'VariableDeclarator' && holder.init === awaited && (holder.id as Node).type === 'Identifier') {
      statement = this.parentOf(holder)!;
      target = holder.id as Node;
      if ((statement.declarations as Node[]).length !== 1) return 'the checkout shares its declaration with other variables';
    } else if (holder.type === 'AssignmentExpression' && holder.operator === '=' && (holder.left as Node).type === 'Identifier') {
      statement = this.parentOf(holder)!;
      target = holder.left as Node;
      if (statement.type !== 'ExpressionStatement') return 'the checkout is assigned inside a larger expression';
    } else {
      return 'the checked-out client is not kept in a variable, so nothing can release it';
    }
    const fn = this.enclosingFunction(connect);
    const container = this.parentOf(statement);
    if (!fn || container?.type !== 'BlockStatement') return 'the checkout is not a statement of a function body or block';
    const client = target.name as string;
    const declaration = statement.type === 'VariableDeclaration' ? statement : this.declarationOf(client, fn);
    if (!declaration) return `\`${client}\` is declared outside the function that checks it out`;
    const references = descendants(fn, true).filter(
      (node) => node.type === 'Identifier' && node.name === client && node !== target && this.isReference(node) && !this.shadowed(node, fn, declaration),
    );
    return { statement, block: body(container), index: body(container).indexOf(statement), fn, client, references };
  }

  private declarationOf(name: string, fn: Node): Node | undefined {
    return descendants(fn, false).find(
      (node) =>
        node.type === 'VariableDeclaration' &&
        (node.declarations as Node[]).some((declarator) => (declarator.id as Node).type === 'Identifier' && (declarator.id as Node).name === name),
    );
  }

  private isReference(identifier: Node): boolean {
    const { parent, key } = this.parents.get(identifier)!;
    if (isMember(parent) && key === 'property' && !parent.computed) return false;
    if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty' || parent.type.endsWith('Method')) && key === 'key' && !parent.computed) return false;
    if (parent.type === 'VariableDeclarator' && key === 'id') return false;
    if (parent.type.startsWith('TS') && !EXPRESSION_WRAPPERS.has(parent.type)) return false;
    return !['LabeledStatement', 'BreakStatement', 'ContinueStatement'].includes(parent.type);
  }

  /** Is the name redeclared between the identifier and the function (a parameter, a catch binding, an inner block's declaration)? */
  private shadowed(identifier: Node, fn: Node, declaration: Node): boolean {
    const names = new Set([identifier.name as string]);
    for (let current = this.parentOf(identifier); current && current !== fn; current = this.parentOf(current)) {
      if (FUNCTION_TYPES.has(current.type) && (current.params as Node[]).some((param) => mentionsName(param, names))) return true;
      if (current.type === 'CatchClause' && current.param && mentionsName(current.param as Node, names)) return true;
      if (current.type === 'BlockStatement' && body(current).some((statement) => statement !== declaration && blockScopedNames(statement).some((name) => names.has(name)))) {
        return true;
      }
    }
    return false;
  }

  /** Is the call awaited before its statement ends (`await client.query()`, `await Promise.all([client.query()])`)? */
  private awaitedInStatement(call: Node): boolean {
    for (let current = this.parentOf(call); current && !FUNCTION_TYPES.has(current.type); current = this.parentOf(current)) {
      if (current.type === 'AwaitExpression') return true;
      if (current.type.endsWith('Statement') || current.type === 'VariableDeclaration') return false;
    }
    return false;
  }

  private plan({ statement, block, index, fn, client, references }: Checkout): Plan | string {
    const rest = block.slice(index + 1);
    if (rest.length === 0) return 'nothing follows the checkout';
    const releases: Node[] = [];
    for (const reference of references) {
      if (reference.start! < rest[0]!.start! || reference.end! > rest[rest.length - 1]!.end!) {
        return `\`${client}\` is also used outside the statements that follow the checkout`;
      }
      if (this.enclosingFunction(reference) !== fn) return `\`${client}\` is used inside a callback, which may run after a \`finally\` has released it`;
      const seen = this.outermost(reference);
      const member = this.parentOf(seen);
      if (!isMember(member) || member.object !== seen) continue;
      const call = this.parentOf(member);
      if (!isCall(call) || call.callee !== member) continue;
      const method = propertyName(member);
      if (method === 'release') {
        const releaseStatement = this.parentOf(call);
        if (releaseStatement?.type !== 'ExpressionStatement') return `the result of \`${client}.release()\` is used as a value`;
        releases.push(releaseStatement);
      } else if (!SYNC_METHODS.has(method ?? '') && !this.awaitedInStatement(call)) {
        return `\`${this.text(member)}(…)\` is not awaited, so a release in \`finally\` could run before it completes`;
      }
    }

    // The region: from the checkout to the last statement that uses the client, and on to the last that reads what the region declares.
    const lastUse = rest.findLastIndex((candidate) => references.some((reference) => within(reference, candidate)));
    if (lastUse < 0) return `\`${client}\` is not used after the checkout`;
    const trailing = releases.includes(rest[lastUse]!) ? rest[lastUse] : undefined;
    let last = trailing ? lastUse - 1 : lastUse;
    if (last < 0) return 'the client is released right after the checkout';
    const declared = new Set(rest.slice(0, last + 1).flatMap(blockScopedNames));
    if (block.slice(0, index).some((earlier) => mentionsName(earlier, declared))) return 'code before the checkout reads a function or class declared after it';
    const readsDeclared = rest.findLastIndex((candidate, position) => position > lastUse && mentionsName(candidate, declared));
    if (readsDeclared >= 0) last = readsDeclared;
    const removedAfter = readsDeclared >= 0 ? undefined : trailing;
    const region = rest.slice(0, last + 1);

    // The guard: an existing `try` at the end of the region, or a new one around the region.
    const lastStatement = region[region.length - 1]!;
    const existing = lastStatement.type === 'TryStatement' && !region.slice(0, -1).some((earlier) => earlier.type === 'TryStatement') ? lastStatement : undefined;
    const handler = existing?.handler as Node | null | undefined;
    const existingFinally = existing?.finalizer as Node | null | undefined;
    const finallyReleases = existingFinally ? releases.filter((release) => within(release, existingFinally)) : [];
    // Work before a `try/finally` that only releases this client can move into its block: nothing else runs on the error path.
    const onlyReleases = !handler && !!existingFinally && body(existingFinally).every((statement) => finallyReleases.includes(statement));
    const guardsClient = !!existing && mentionsName(existing.block as Node, new Set([client]));
    const extend = existing && guardsClient && (region.length === 1 || onlyReleases) ? existing : undefined;

    let kept: Node | undefined;
    const dropped: Node[] = [];
    for (const release of finallyReleases) {
      if (!body(existingFinally!).includes(release)) return `\`${client}.release()\` runs conditionally in the existing \`finally\` block`;
      if (!kept && extend) kept = release;
      else dropped.push(release);
    }
    const moved: Node[] = [];
    const roots = extend ? [extend.block as Node, ...(handler ? [handler.body as Node] : [])] : [];
    for (const release of releases) {
      if (release === removedAfter || finallyReleases.includes(release)) continue;
      if (!this.leadsToEnd(release, roots, region, client)) {
        return `\`${client}.release()\` on line ${release.loc!.start.line} is followed by more awaited work, a use of the client or a loop: moving it into \`finally\` would hold the client longer`;
      }
      moved.push(release);
    }
    if (removedAfter) moved.push(removedAfter);

    const base = { block, first: index + 1, last: index + 1 + last, client, extend, kept };
    const drop: ReleaseEdit[] = dropped.map((release) => ({ statement: release }));
    const withArgument = moved.filter((release) => callArguments(release).length > 0);
    if (withArgument.length === 0) return { ...base, drop: [...drop, ...moved.map((release) => ({ statement: release }))] };
    const argumentTexts = new Set(withArgument.map((release) => this.text(callArguments(release)[0]!)));
    if (!kept && withArgument.length === moved.length && argumentTexts.size === 1 && LITERAL_TYPES.has(callArguments(withArgument[0]!)[0]!.type)) {
      return { ...base, drop: [...drop, ...moved.map((release) => ({ statement: release }))], finalArgument: callArguments(withArgument[0]!)[0] };
    }
    // A release that destroys the client (`release(err)`, `release(true)`) keeps doing so on its path: its argument is recorded for the `finally`.
    if (kept && callArguments(kept).length > 0) return 'the existing `finally` already passes an argument to `release`';
    if (removedAfter && callArguments(removedAfter).length > 0) {
      return 'the release after the work passes an argument, and other releases pass another one';
    }
    const taken = new Set(descendants(fn, true).filter((node) => node.type === 'Identifier').map((node) => node.name as string));
    let releaseVariable = RELEASE_VARIABLE;
    for (let suffix = 2; taken.has(releaseVariable); suffix++) releaseVariable = `${RELEASE_VARIABLE}${suffix}`;
    return { ...base, drop: [...drop, ...moved.map((release) => ({ statement: release, argument: callArguments(release)[0] }))], releaseVariable };
  }

  /**
   * Does control go from this release to the end of the region (or out
   * through `return`/`throw`) with nothing awaited and the client untouched
   * on the way? Then a release in `finally` happens at the same moment.
   */
  private leadsToEnd(release: Node, roots: readonly Node[], region: readonly Node[], client: string): boolean {
    const names = new Set([client]);
    let current = release;
    for (;;) {
      const container = this.parentOf(current);
      if (container?.type === 'IfStatement') {
        current = container;
        continue;
      }
      if (container?.type !== 'BlockStatement') return false;
      const statements = body(container);
      const atRegion = region.includes(current);
      const siblings = atRegion ? region.slice(region.indexOf(current) + 1) : statements.slice(statements.indexOf(current) + 1);
      for (const next of siblings) {
        if (suspends(next) || mentionsName(next, names)) return false;
        if (next.type === 'ReturnStatement' || next.type === 'ThrowStatement') return true;
      }
      if (atRegion || roots.includes(container)) return true;
      const owner = this.parentOf(container)!;
      if (owner.type === 'IfStatement' || owner.type === 'BlockStatement') current = owner;
      else if (owner.type === 'TryStatement' && owner.block === container && !owner.finalizer) current = owner;
      else if (owner.type === 'CatchClause' && !this.parentOf(owner)!.finalizer) current = this.parentOf(owner)!;
      else return false;
    }
  }
}

function releaseCall(j: JSCodeshift, client: string, argument: Node | undefined): Node {
  const call = j.callExpression(j.memberExpression(j.identifier(client), j.identifier('release')), argument ? [argument as never] : []);
  return j.expressionStatement(call) as unknown as Node;
}

/** Applies a plan to the AST it was made from. */
function applyPlan(j: JSCodeshift, plan: Plan, parentOf: (node: Node) => Node | undefined): void {
  const movedComments: unknown[] = [];
  for (const edit of plan.drop) {
    const statements = body(parentOf(edit.statement)!);
    const position = statements.indexOf(edit.statement);
    if (plan.releaseVariable && edit.argument) {
      const record = j.expressionStatement(j.assignmentExpression('=', j.identifier(plan.releaseVariable), edit.argument as never)) as unknown as Node;
      record.comments = edit.statement.comments;
      statements.splice(position, 1, record);
    } else {
      movedComments.push(...(edit.statement.comments ?? []));
      statements.splice(position, 1);
    }
  }
  const finalArgument = plan.releaseVariable ? (j.identifier(plan.releaseVariable) as unknown as Node) : plan.finalArgument;
  const newRelease = () => {
    const release = releaseCall(j, plan.client, finalArgument);
    if (movedComments.length > 0) release.comments = movedComments;
    return release;
  };
  const region = plan.block.slice(plan.first, plan.last + 1);
  let guard: Node;
  if (plan.extend) {
    guard = plan.extend;
    body(guard.block as Node).unshift(...region.slice(0, -1));
    if (plan.kept && plan.releaseVariable) callArguments(plan.kept).push(finalArgument!);
    else if (!plan.kept) {
      guard.finalizer ??= j.blockStatement([]) as unknown as Node;
      body(guard.finalizer as Node).push(newRelease());
    }
  } else {
    // An inner `finally` that did nothing but release the client goes: the new one releases instead.
    for (const statement of region) {
      if (statement.type === 'TryStatement' && statement.handler && statement.finalizer && body(statement.finalizer as Node).length === 0) statement.finalizer = null;
    }
    guard = j.tryStatement(j.blockStatement(region as never[]), null, j.blockStatement([newRelease() as never])) as unknown as Node;
    // recast spaces a new statement by its location: borrowing the region's keeps the blank lines around it as they were.
    guard.loc = { ...region[region.length - 1]!.loc!, start: region[0]!.loc!.start };
  }
  plan.block.splice(plan.first, plan.last - plan.first + 1, guard);
  if (plan.releaseVariable) {
    plan.block.splice(plan.first, 0, j.variableDeclaration('let', [j.variableDeclarator(j.identifier(plan.releaseVariable))]) as unknown as Node);
  }
}

/** The file's own indentation, so that the moved statements are indented as the rest of the file. */
function indentation(source: string): { tabWidth: number; useTabs: boolean } {
  if (/^\t+\S/m.test(source)) return { tabWidth: 4, useTabs: true };
  const widths = [...source.matchAll(/^( +)\S/gm)].map((match) => match[1]!.length);
  return { tabWidth: widths.length > 0 ? Math.min(...widths) : 2, useTabs: false };
}

const linters = new Map<string, NeonLinter>();

function reportsOf(text: string, filename: string, cwd: string): readonly LintMessage[] {
  let linter = linters.get(cwd);
  if (!linter) {
    linter = createNeonLinter({ cwd, ruleIds: [RULE_ID] });
    linters.set(cwd, linter);
  }
  return linter.lint(text, filename).messages.filter((message) => message.ruleId === RULE_ID);
}

function findingMessage(message: LintMessage, reason: string | undefined): string {
  if (message.messageId === 'missingDone' || message.messageId === 'doneSkippedOnExit') {
    return `not rewritten: callback-style \`pool.connect((err, client, done) => …)\` is left for a human (use \`const client = await pool.connect()\` and release it in \`finally\`). ${message.message}`;
  }
  return `not rewritten: ${reason ?? 'no safe rewrite is known for this shape'}. ${message.message}`;
}

export default function transformer(file: FileInfo, api: API, options: Partial<CodemodOptions> = {}): string | undefined {
  const cwd = options.root ?? process.cwd();
  const filename = path.resolve(cwd, file.path);
  const j = api.jscodeshift;
  let text = file.source;
  let messages = reportsOf(text, filename, cwd);
  if (messages.length === 0) return undefined;

  const attempted = new Set<string>();
  let sites: Site[] = [];
  for (let pass = 0; pass < MAX_PASSES && messages.length > 0; pass++) {
    const root = j(text);
    const analysis = new Analysis(root.find(j.Program).get().node as Node, text);
    const reported = new Set(messages.map(messageKey));
    sites = analysis.sites().filter((site) => [...site.owns].some((key) => reported.has(key)));
    // Latest first: a rewrite changes nothing before it, so the positions of earlier checkouts stay valid.
    const target = sites
      .filter((site) => typeof site.outcome !== 'string' && !attempted.has(site.key))
      .sort((a, b) => b.start - a.start)[0];
    if (!target) break;
    attempted.add(target.key);
    applyPlan(j, target.outcome as Plan, (node) => analysis.parentOf(node));
    text = root.toSource({ ...indentation(file.source), quote: 'auto' } as never);
    messages = reportsOf(text, filename, cwd);
  }

  for (const message of messages) {
    const site = sites.find((candidate) => candidate.owns.has(messageKey(message)));
    const reason = site && (typeof site.outcome === 'string' ? site.outcome : 'the rewrite did not satisfy the rule');
    const finding = { line: message.line, column: message.column, message: findingMessage(message, reason), ruleId: RULE_ID };
    if (options.reportFinding) options.reportFinding(finding);
    else api.report(`${file.path}:${finding.line}:${finding.column}: ${finding.message}`);
  }
  return text === file.source ? undefined : text;
}
