import { meta as centralDbModule } from './central-db-module';
import { meta as ddlToMigrations } from './ddl-to-migrations';
import { meta as envConnectionString } from './env-connection-string';
import type { TransformMeta } from './lib/transform';
import { meta as releaseInFinally } from './release-in-finally';
import { meta as schemaSyncToMigrations } from './schema-sync-to-migrations';

/**
 * The transforms `all` runs, in order: the connection string is env-configured
 * before the db module is built from it, and the schema is moved to migrations
 * last. Each one's `meta.answers` names the rules it answers: `analyze`'s plan
 * and `all` read the rule → transform map from here, not from a copy.
 */
const CHAIN_TRANSFORMS: readonly TransformMeta[] = [envConnectionString, centralDbModule, releaseInFinally, schemaSyncToMigrations, ddlToMigrations];

export const CHAIN: readonly string[] = CHAIN_TRANSFORMS.map((meta) => meta.name);

/** What the plan says of a rule no transform of the chain answers: it is fixed by hand. */
export const MANUAL = 'manual';

const TRANSFORM_FOR_RULE: ReadonlyMap<string, string> = new Map(CHAIN_TRANSFORMS.flatMap((meta) => meta.answers.map((ruleId) => [ruleId, meta.name] as const)));

export function transformForRule(ruleId: string): string {
  return TRANSFORM_FOR_RULE.get(ruleId) ?? MANUAL;
}
