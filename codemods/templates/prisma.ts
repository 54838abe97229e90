import path from 'node:path';

import { versionBelow, type ProjectStack } from '../../src/project/detect';
import type { StackId } from './db-modules';

/**
 * Which Prisma db module a project gets, from the facts `detectProject` read
 * (the @prisma/client version, the driver adapters it depends on, the
 * generator's provider and output), and where the module imports PrismaClient from.
 */

export type PrismaStack = Extract<StackId, 'prisma' | 'prisma-adapter-pg' | 'prisma-adapter-neon'>;

export const PRISMA_STACKS: readonly PrismaStack[] = ['prisma', 'prisma-adapter-pg', 'prisma-adapter-neon'];

/** @prisma/adapter-pg listens for 'error' on its pool from this version on (and takes a pg Pool again). */
export const ADAPTER_PG_LISTENS_FROM = '6.13.0';

/**
 * Prisma 7, and Prisma 6 with `engineType = "client"`, need a driver adapter
 * (`datasourceUrl` is gone in 7): the project's own (`@prisma/adapter-neon`
 * for Neon's serverless driver, else `@prisma/adapter-pg`). Prisma 6 takes
 * the adapter it depends on (GA from 6.16, the driverAdapters preview from 6.6);
 * otherwise its own engine connects from `datasourceUrl`.
 */
export function prismaStack(project: ProjectStack): PrismaStack {
  const facts = project.prisma;
  if (!facts) return 'prisma';
  const minimum = facts.clientMinimum ?? '0.0.0';
  const requiresAdapter = !versionBelow(minimum, '7.0.0') || facts.engineType === 'client';
  // Before 6.6 the adapters took a pool, not the config the templates give them.
  const acceptsAdapter = requiresAdapter || (!versionBelow(minimum, '6.6.0') && (facts.driverAdaptersPreview || !versionBelow(minimum, '6.16.0')));
  const neon = facts.adapters.includes('neon') && !facts.adapters.includes('pg');
  if (neon && acceptsAdapter) return 'prisma-adapter-neon';
  if (requiresAdapter || (facts.adapters.includes('pg') && acceptsAdapter)) return 'prisma-adapter-pg';
  return 'prisma';
}

/**
 * PrismaClient's import for a db module at `moduleFile`: `@prisma/client` for
 * the default output, else the generator's output relative to the module
 * (`prisma-client` generates `client.ts` there; `prisma-client-js` an index),
 * with the `.js` extension where the project's imports need one.
 */
export function prismaClientSpecifier(project: ProjectStack, moduleFile: string): string {
  const output = project.prisma?.output;
  if (!output) return '@prisma/client';
  let relative = path.relative(path.dirname(moduleFile), path.join(project.root, output)).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  if (project.prisma?.provider === 'prisma-client') return `${relative}/client${project.importExtensions ? '.js' : ''}`;
  return project.importExtensions ? `${relative}/index.js` : relative;
}

/** A Prisma template's module (its source, or rendered) with PrismaClient imported from where the project generates it; other stacks' as they are. */
export function withPrismaClientImport(text: string, stack: StackId, project: ProjectStack, moduleFile: string): string {
  if (!PRISMA_STACKS.includes(stack as PrismaStack)) return text;
  const specifier = prismaClientSpecifier(project, moduleFile);
  return specifier === '@prisma/client' ? text : text.replace(/(['"])@prisma\/client\1/, (_match, quote: string) => `${quote}${specifier}${quote}`);
}

/** What the user must do that the module cannot: an @prisma/adapter-pg range that allows versions whose pool has no 'error' listener. */
export function prismaStackNotes(stack: StackId, project: ProjectStack): string[] {
  const minimum = project.prisma?.adapterPgMinimum;
  if (stack !== 'prisma-adapter-pg' || !minimum || !versionBelow(minimum, ADAPTER_PG_LISTENS_FROM)) return [];
  return [
    `@prisma/adapter-pg ${minimum} is allowed by package.json: before ${ADAPTER_PG_LISTENS_FROM} its pool has no 'error' listener (an idle client the server drops exits Node) and \`onPoolError\` does not exist. Upgrade it to the version of @prisma/client.`,
  ];
}
