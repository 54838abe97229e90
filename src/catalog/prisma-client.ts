import path from 'node:path';

/**
 * Prisma generates its client into the project (`generator client { provider =
 * "prisma-client" output = "../src/generated/prisma" }`), so the code imports
 * PrismaClient from a path of its own (`@/generated/prisma/client`,
 * `../../generated/prisma/client.js`), not from `@prisma/client`. Which
 * specifiers are such a client is decided from their text alone (rules read no
 * files): by the generators' conventional shape, or by the outputs a project
 * names in `settings.neon.prismaClientOutputs`.
 */

const SCRIPT_EXTENSION = /\.(?:d\.)?[cm]?[jt]sx?$/;
/** The generated client's entry files: `client` (prisma-client), `index`/`default`/`edge`/`wasm` (prisma-client-js). */
const ENTRY_FILES: ReadonlySet<string> = new Set(['client', 'index', 'default', 'edge', 'wasm']);
/** `generated`, and the alias forms `@generated`, `~generated`, `#generated`, `__generated__`. */
const GENERATED_FOLDER = /^[#@~]?_*generated_*$/;

/**
 * `…/generated/prisma`, `…/generated/prisma/client`, `…/generated/client`,
 * `…/generated/prisma-client/index.js`: a folder named for Prisma (or `client`)
 * right below a `generated` folder, or one of its entry files. A project's own
 * `./prisma` or `@/lib/prisma` module is not generated: it may export anything.
 */
export function isGeneratedPrismaClient(specifier: string): boolean {
  const segments = specifier.replace(SCRIPT_EXTENSION, '').split('/');
  const generated = segments.findLastIndex((segment) => GENERATED_FOLDER.test(segment));
  if (generated === -1) return false;
  let output = segments.slice(generated + 1);
  if (output.length === 2 && ENTRY_FILES.has(output[1]!)) output = output.slice(0, 1);
  return output.length === 1 && (/prisma/i.test(output[0]!) || output[0] === 'client');
}

const posix = (file: string) => file.split(path.sep).join('/');

/**
 * Does the specifier import from one of the configured outputs (a folder from
 * the project root, `src/db/prisma`, or the alias the code imports it by,
 * `@db/prisma`)? A relative specifier is resolved from the importing file.
 */
export function isConfiguredPrismaClient(specifier: string, importer: string, cwd: string, outputs: readonly string[]): boolean {
  if (outputs.length === 0) return false;
  const candidates = [specifier];
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    candidates.push(posix(path.relative(cwd, path.resolve(path.dirname(importer), specifier))));
  }
  return outputs.some((entry) => {
    const output = entry.replace(/^\.\//, '').replace(/\/+$/, '');
    return candidates.some((candidate) => candidate === output || candidate.startsWith(`${output}/`));
  });
}
