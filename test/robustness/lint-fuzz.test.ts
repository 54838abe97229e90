/**
 * Every rule, under every preset, on random mutations of real code (our
 * fixtures and the rule tests' cases), parsed by @typescript-eslint/parser and
 * by espree: a parse error is fine, a rule that throws is a bug. Messages never
 * carry a password that the linted code holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { findConnectionStrings, isRealPassword, redact } from '../../src/connection';
import {
  codeCorpus,
  configsFor,
  fuzzParameters,
  LINTED_FILENAMES,
  lintOrThrow,
  mutatedProgram,
  newLinter,
  type ParserName,
} from './support';

const RUNS_PER_PARSER = 150;
// Short passwords (`pw`) may be plain words of a message; longer ones may not.
const CHECKED_PASSWORD_LENGTH = 6;

/** Passwords of the code's connection strings that redaction hides (one that is also the user name stays visible as the user). */
function passwordsIn(code: string): string[] {
  const redacted = redact(code);
  return findConnectionStrings(code)
    .map((found) => found.info.password)
    .filter((password): password is string => isRealPassword(password) && password.length >= CHECKED_PASSWORD_LENGTH && !redacted.includes(password));
}

describe.each<ParserName>(['typescript-eslint', 'espree'])('every rule on mutated code, parsed by %s', (parser) => {
  const linter = newLinter();
  const configs = configsFor(parser);

  it('lints the unmutated corpus without a crash', () => {
    const { config } = configs.find((entry) => entry.name === 'every rule, runtime node')!;
    for (const code of codeCorpus()) lintOrThrow(linter, code, config, 'src/server.tsx');
  });

  it('never throws, whatever the mutation, file name or preset', () => {
    let parsed = 0;
    fc.assert(
      fc.property(mutatedProgram, fc.constantFrom(...LINTED_FILENAMES), fc.nat({ max: configs.length - 1 }), (code, filename, pick) => {
        const { config } = configs[pick]!;
        const outcome = lintOrThrow(linter, code, config, filename);
        if (!outcome.parsed) return;
        parsed++;
        const passwords = passwordsIn(code);
        for (const message of outcome.messages) {
          const texts = [message.message, ...(message.suggestions ?? []).map((suggestion) => suggestion.desc)];
          for (const password of passwords) for (const text of texts) expect(text).not.toContain(password);
        }
      }),
      fuzzParameters(RUNS_PER_PARSER),
    );
    // Mutations that never parse would never reach a rule: the generator must keep a good share valid.
    expect(parsed).toBeGreaterThan(RUNS_PER_PARSER * (parser === 'espree' ? 0.15 : 0.3));
  });
});

// espree and one preset only: 2 MB through typescript-estree and every configuration would dominate the suite's time for no new rule path.
it('lints a 2 MB generated file', () => {
  const { config } = configsFor('espree').find((entry) => entry.name === 'recommended')!;
  const { parsed, messages } = lintOrThrow(newLinter(), hugeProgram(2 * 1024 * 1024), config, 'src/huge.js');
  expect(parsed).toBe(true);
  expect(messages.filter((message) => message.ruleId === 'neon/no-per-request-client').length).toBeGreaterThan(1000);
});

/** Many handlers with per-request pools, DDL, hard-coded URLs and connect() without release, in plain JavaScript. */
function hugeProgram(bytes: number): string {
  const chunks = ["import { Pool } from 'pg';", "import express from 'express';", 'const app = express();'];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const chunk = [
      `app.get('/r${index}', async (req, res) => {`,
      `  const pool${index} = new Pool({ connectionString: 'postgres://u${index}:pw${index}secret@ep-x-${index}.us-east-2.aws.neon.tech/db', ssl: { rejectUnauthorized: false } });`,
      `  await pool${index}.query(\`CREATE TABLE IF NOT EXISTS t${index} (id int primary key, name text)\`);`,
      `  const client = await pool${index}.connect();`,
      `  const { rows } = await client.query('select * from t${index} where id = $1', [req.params.id]);`,
      '  res.json(rows);',
      '});',
    ].join('\n');
    chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.join('\n');
}
