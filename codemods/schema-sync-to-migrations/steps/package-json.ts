/**
 * package.json edits in npm's own layout (the file's indent, keys in order,
 * dependencies sorted when they were): what `npm pkg set` would write.
 */

type Json = Record<string, unknown>;

function indentOf(text: string): string {
  return /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
}

/** Applies `mutate` to the parsed file; the text is unchanged when nothing changed. */
export function editPackageJson(text: string, mutate: (pkg: Json) => void): string {
  const pkg = JSON.parse(text) as Json;
  const before = JSON.stringify(pkg);
  mutate(pkg);
  if (JSON.stringify(pkg) === before) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const out = JSON.stringify(pkg, null, indentOf(text)).replace(/\n/g, eol);
  return /\r?\n$/.test(text) ? out + eol : out;
}

function objectAt(pkg: Json, key: string): Json {
  const value = pkg[key];
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  const created: Json = {};
  pkg[key] = created;
  return created;
}

/** Adds the scripts the project does not have yet; an existing script of the same name is the developer's and stays. */
export function addScripts(pkg: Json, scripts: Readonly<Record<string, string>>): void {
  const target = objectAt(pkg, 'scripts');
  for (const [name, command] of Object.entries(scripts)) if (!(name in target)) target[name] = command;
}

function isSorted(keys: readonly string[]): boolean {
  return keys.every((key, index) => index === 0 || keys[index - 1]!.localeCompare(key) <= 0);
}

/** Adds a dependency unless the package is already in `dependencies` or `devDependencies`. */
export function addDependency(pkg: Json, field: 'dependencies' | 'devDependencies', name: string, range: string): void {
  const present = (key: string) => Boolean((pkg[key] as Json | undefined)?.[name]);
  if (present('dependencies') || present('devDependencies')) return;
  const target = objectAt(pkg, field);
  const sorted = isSorted(Object.keys(target));
  target[name] = range;
  if (!sorted) return;
  const entries = Object.entries(target).sort(([a], [b]) => a.localeCompare(b));
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, Object.fromEntries(entries));
}

/** The version range a package is declared with, if any. */
export function declaredRange(pkg: Json, name: string): string | undefined {
  for (const field of ['dependencies', 'devDependencies']) {
    const range = (pkg[field] as Json | undefined)?.[name];
    if (typeof range === 'string') return range;
  }
  return undefined;
}
