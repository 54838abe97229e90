#!/usr/bin/env node
// The demo: lint the bundled legacy app with the plugin and show what it finds, grouped by rule.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import neon from 'eslint-plugin-neon';
import tseslint from 'typescript-eslint';
import pc from 'picocolors';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'fixtures/projects/express-pg');
const color = process.stdout.isTTY ? pc : pc.createColors(false);

function heading(text) {
  console.log(`\n${color.bold(color.cyan(`== ${text}`))}`);
}

async function lintApp() {
  const eslint = new ESLint({
    cwd: app,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
      ...neon.configs.neon,
    ],
  });
  return eslint.lintFiles(['.']);
}

heading(`1. Lint ${path.relative(root, app)} with eslint-plugin-neon (preset: neon)`);
const results = await lintApp();
const byRule = new Map();
for (const result of results) {
  for (const message of result.messages) {
    const list = byRule.get(message.ruleId ?? 'parse error') ?? [];
    list.push({ file: path.relative(app, result.filePath), ...message });
    byRule.set(message.ruleId ?? 'parse error', list);
  }
}
let total = 0;
for (const [ruleId, messages] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`\n${color.yellow(ruleId)} ${color.dim(`(${messages.length})`)}`);
  for (const message of messages) {
    total++;
    console.log(`  ${color.dim(`${message.file}:${message.line}:${message.column}`)}  ${message.message}`);
  }
}
console.log(`\n${color.bold(`${total} findings`)} in ${results.length} files.`);
