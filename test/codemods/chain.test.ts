import { readFileSync } from 'node:fs';
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

  // The docs' tables: `| … | \`transform\` | rules |` on chain.md, `| rules | \`transform\` |` on analyze.md.
  const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
  const tableRows = (page: string, header: string) => {
    const text = readFileSync(`docs/codemods/${page}`, 'utf8');
    const lines = text.slice(text.indexOf(header)).split('\n');
    const end = lines.findIndex((line) => !line.startsWith('|'));
    return lines.slice(2, end === -1 ? lines.length : end).map((line) => line.split('|').slice(1, -1));
  };

  it('documents the chain and the plan as the code has them', () => {
    const chainRows = tableRows('chain.md', '| step | transform | answers |');
    expect(chainRows.map(([, transform]) => backticked(transform)[0])).toEqual([...CHAIN]);
    for (const [, transform, answers] of chainRows) {
      expect(backticked(answers).map((rule) => transformForRule(`neon/${rule}`))).toEqual(backticked(answers).map(() => backticked(transform)[0]));
    }
    const planRows = tableRows('analyze.md', '| rule | transform |');
    const documented = planRows.filter(([ruleCell]) => !ruleCell.includes('any other rule'));
    expect(documented.map(([, transform]) => backticked(transform)[0])).toEqual([...CHAIN]);
    for (const [ruleCell, transform] of documented) {
      expect(backticked(ruleCell).map((rule) => transformForRule(`neon/${rule}`))).toEqual(backticked(ruleCell).map(() => backticked(transform)[0]));
    }
    // Every rule a transform answers appears in both tables.
    const answered = Object.keys(rules).filter((name) => transformForRule(`neon/${name}`) !== MANUAL);
    expect(chainRows.flatMap(([, , answers]) => backticked(answers)).sort()).toEqual(answered.sort());
    expect(documented.flatMap(([ruleCell]) => backticked(ruleCell)).sort()).toEqual(answered.sort());
  });
});
