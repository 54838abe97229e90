import type { TSESLint } from '@typescript-eslint/utils';

import { fileRoles, type FileRoles } from '../project/files';
import { readNeonSettings, type NeonSettings } from '../project/settings';
import { setImportContext } from './module-tracking';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export function neonSettings(context: AnyContext): NeonSettings {
  return readNeonSettings(context.settings as Record<string, unknown>);
}

const rolesCache = new WeakMap<object, FileRoles>();

/** Test / migration / db-module / tool-config roles of the linted file, from its path and `settings.neon`. */
export function contextFileRoles(context: AnyContext): FileRoles {
  const cached = rolesCache.get(context.sourceCode);
  if (cached) return cached;
  const roles = fileRoles(context.physicalFilename ?? context.filename, context.cwd, neonSettings(context));
  rolesCache.set(context.sourceCode, roles);
  return roles;
}

/** Hands the file's configured Prisma client outputs to import tracking (a no-op for the many projects that name none). */
export function rememberImportContext(context: AnyContext): void {
  const { prismaClientOutputs } = neonSettings(context);
  if (prismaClientOutputs.length === 0) return;
  setImportContext(context.sourceCode, { filename: context.physicalFilename ?? context.filename, cwd: context.cwd, prismaClientOutputs });
}
