import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

import { CODEMODS } from '../codemods/registry';
import { documentedCodemods, renderCodemodsTable, replaceCodemodsTable } from '../scripts/codemods-table.mjs';
import plugin from '../src';

/** README.md and docs/guides/getting-started.md: generated parts in sync, links alive, config snippets that work. */

const root = path.resolve(__dirname, '..');
const require = createRequire(__filename);
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const gettingStarted = fs.readFileSync(path.join(root, 'docs/guides/getting-started.md'), 'utf8');

function fencedBlocks(markdown: string, lang: string): string[] {
  const pattern = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm');
  return [...markdown.matchAll(pattern)].map((match) => match[1]);
}

/** Relative link targets of a Markdown file, without anchors. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1].split('#')[0])
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('README.md', () => {
  it('starts with the two commands', () => {
    expect(readme).toContain(
      '```sh\nnpm ci && npm run demo   # lint the bundled legacy app and show what the plugin finds\nnpm test                 # every test suite (starts its own PostgreSQL)\n```',
    );
  });

  it('has the codemods table of the registry (regenerate: npm run build && node scripts/codemods-table.mjs)', () => {
    const table = renderCodemodsTable(CODEMODS, documentedCodemods(root));
    expect(replaceCodemodsTable(readme, table)).toBe(readme);
    for (const codemod of CODEMODS) expect(readme).toContain(`\`${codemod.meta.name}\``);
  });

  const guides = fs
    .readdirSync(path.join(root, 'docs/guides'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/guides/${file}`);

  it.each(['README.md', 'docs/good-vs-bad.md', ...guides])('%s links only to files that exist', (file) => {
    const markdown = fs.readFileSync(path.join(root, file), 'utf8');
    const base = path.dirname(path.join(root, file));
    const dead = relativeLinks(markdown).filter((target) => !fs.existsSync(path.resolve(base, target)));
    expect(dead).toEqual([]);
  });
});

describe('the config snippets of README.md and docs/guides/getting-started.md', () => {
  // The snippets import the published names; point them at this checkout.
  const specifiers: Record<string, string> = {
    'eslint-plugin-neon': pathToFileURL(path.join(root, 'dist/src/index.js')).href,
    'typescript-eslint': pathToFileURL(require.resolve('typescript-eslint')).href,
  };
  const flatConfigs = [readme, gettingStarted].flatMap((markdown) => fencedBlocks(markdown, 'js')).filter((block) => block.includes('export default'));

  it('show flat configs for TypeScript and JavaScript', () => {
    expect(flatConfigs.some((block) => block.includes('typescript-eslint'))).toBe(true);
    expect(flatConfigs.some((block) => !block.includes('typescript-eslint'))).toBe(true);
  });

  it.each(flatConfigs.map((block, index) => [index + 1, block] as const))('flat config snippet %i lints the demo app', async (_index, block) => {
    const source = block.replace(/from '([^']+)'/g, (whole, name: string) => (specifiers[name] ? `from '${specifiers[name]}'` : whole));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'neon-config-')), 'eslint.config.mjs');
    fs.writeFileSync(file, source);
    try {
      const config = ((await import(pathToFileURL(file).href)) as { default: ESLint.Options['overrideConfig'] }).default;
      const eslint = new ESLint({ cwd: path.join(root, 'fixtures/projects/express-pg'), overrideConfigFile: true, overrideConfig: config });
      const results = await eslint.lintFiles(['.']);
      expect(results.flatMap((result) => result.messages.filter((message) => message.fatal))).toEqual([]);
      expect(results.flatMap((result) => result.messages).filter((message) => message.ruleId?.startsWith('neon/')).length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('show eslintrc configs that extend presets of the plugin', () => {
    const eslintrcs = [readme, gettingStarted].flatMap((markdown) => fencedBlocks(markdown, 'json')).map((block) => JSON.parse(block) as { extends?: string[] });
    expect(eslintrcs.length).toBeGreaterThan(0);
    for (const eslintrc of eslintrcs) {
      for (const name of eslintrc.extends ?? []) {
        const preset = /^plugin:neon\/(.+)$/.exec(name)?.[1];
        if (preset) expect(Object.keys(plugin.configs)).toContain(preset);
      }
    }
  });
});
