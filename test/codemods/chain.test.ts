import { describe, expect, it } from 'vitest';

import { CHAIN, MANUAL, transformForRule } from '../../codemods/chain';
import { findCodemod } from '../../codemods/registry';
import { rules } from '../../rules';

describe('the chain `all` runs and the plan `analyze` prints', () => {
  it('sends each rule a transform of the chain answers to that transform, and every other rule to manual', () => {
    const answers = CHAIN.map((name) => findCodemod(name)?.meta.answers ?? []);
    // Two transforms answering one rule would leave the plan naming only the last.
    expect(answers.flat()).toHaveLength(new Set(answers.flat()).size);
    for (const [index, name] of CHAIN.entries()) {
      expect(findCodemod(name), `${name} is registered`).toBeDefined();
      for (const ruleId of answers[index]) expect(transformForRule(ruleId)).toBe(name);
    }
    const manual = Object.keys(rules)
      .map((name) => `neon/${name}`)
      .filter((ruleId) => !answers.flat().includes(ruleId));
    expect(manual.map(transformForRule)).toEqual(manual.map(() => MANUAL));
    // What no transform rewrites: TLS settings, an edge client's lifecycle, the migration URL.
    expect(manual.sort()).toEqual(['neon/migrations-use-direct-url', 'neon/no-insecure-ssl', 'neon/serverless-client-lifecycle']);
  });

  it('runs the connection string first and the schema moves last', () => {
    expect(CHAIN[0]).toBe('env-connection-string');
    expect(CHAIN.indexOf('central-db-module')).toBeGreaterThan(CHAIN.indexOf('env-connection-string'));
    expect(CHAIN.slice(-2)).toEqual(['schema-sync-to-migrations', 'ddl-to-migrations']);
  });

  it('answers in `all` exactly what its chain answers', () => {
    const chainAnswers = CHAIN.flatMap((name) => findCodemod(name)?.meta.answers ?? []);
    expect([...(findCodemod('all')?.meta.answers ?? [])].sort()).toEqual([...chainAnswers].sort());
  });
});
