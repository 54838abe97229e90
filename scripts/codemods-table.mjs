#!/usr/bin/env node
// Writes the README's codemods table from the registry (codemods/registry.ts, read from dist/:
// run `npm run build` first): one row per registered transform, in the order `all` runs them.
// test/readme.test.ts fails when the README and the registry disagree.
//
//   node scripts/codemods-table.mjs
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BEGIN_MARKER = '<!-- begin codemods table (node scripts/codemods-table.mjs) -->';
export const END_MARKER = '<!-- end codemods table -->';

/** The Markdown table; `documented` lists the transforms with a page under docs/codemods/. */
export function renderCodemodsTable(codemods, documented) {
  const rows = codemods.map(({ meta }) => {
    const name = documented.includes(meta.name) ? `[\`${meta.name}\`](docs/codemods/${meta.name}.md)` : `\`${meta.name}\``;
    const answers = meta.answers.map((rule) => `\`${rule}\``).join(', ');
    return `| ${name} | ${meta.description.replaceAll('|', '\\|')} | ${answers} |`;
  });
  return ['| transform | does | answers |', '| :-- | :-- | :-- |', ...rows].join('\n');
}

/** `text` with the table between the markers replaced; throws when the markers are missing. */
export function replaceCodemodsTable(text, table) {
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin === -1 || end < begin) throw new Error(`the codemods table markers are missing: ${BEGIN_MARKER} … ${END_MARKER}`);
  return `${text.slice(0, begin + BEGIN_MARKER.length)}\n\n${table}\n\n${text.slice(end)}`;
}

/** The transforms with a page under docs/codemods/. */
export function documentedCodemods(root) {
  return fs
    .readdirSync(path.join(root, 'docs/codemods'))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => file.slice(0, -3));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { CODEMODS } = createRequire(import.meta.url)(path.join(root, 'dist/codemods/registry.js'));
  const readme = path.join(root, 'README.md');
  const table = renderCodemodsTable(CODEMODS, documentedCodemods(root));
  fs.writeFileSync(readme, replaceCodemodsTable(fs.readFileSync(readme, 'utf8'), table));
  console.log(`README.md: codemods table with ${CODEMODS.length} transforms`);
}
