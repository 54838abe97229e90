import type * as TsMorph from 'ts-morph';

/**
 * ts-morph's values, loaded on first use. ts-morph brings its own copy of
 * TypeScript (a few hundred milliseconds to load), and the CLI imports every
 * transform up front: without this, `neon-codemod analyze` and the
 * jscodeshift transforms would pay for it without ever calling it. Types come
 * from 'ts-morph' itself; values (`Node.isIdentifier`, `SyntaxKind`, `new
 * Project()`, `ts`) from here.
 */

let loaded: typeof TsMorph | undefined;

function load(): typeof TsMorph {
  return (loaded ??= require('ts-morph') as typeof TsMorph);
}

type Key = 'Node' | 'Project' | 'SyntaxKind' | 'ts';

/** Stands for `ts-morph`'s export `key`: every property read, call, `new` and `instanceof` goes to the real one. */
function lazyExport<K extends Key>(key: K): (typeof TsMorph)[K] {
  const real = () => load()[key] as unknown as object;
  return new Proxy(function lazyTsMorphExport() {}, {
    get: (_target, property) => Reflect.get(real(), property),
    has: (_target, property) => Reflect.has(real(), property),
    apply: (_target, self, args) => Reflect.apply(real() as (...values: unknown[]) => unknown, self, args),
    construct: (_target, args) => Reflect.construct(real() as new (...values: unknown[]) => object, args),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  }) as unknown as (typeof TsMorph)[K];
}

export const Node = lazyExport('Node');
export type Node = TsMorph.Node;
export const Project = lazyExport('Project');
export type Project = TsMorph.Project;
export const SyntaxKind = lazyExport('SyntaxKind');
export type SyntaxKind = TsMorph.SyntaxKind;
export const ts = lazyExport('ts');
