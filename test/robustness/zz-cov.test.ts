import { it } from 'vitest';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
import { codeCorpus } from './support';
it('cov', () => {
  const seen = new Set<string>();
  for (const code of codeCorpus()) {
    try { simpleTraverse(parse(code, { jsx: true }), { enter: (n) => { seen.add(n.type); } }); } catch {}
  }
  const all = Object.values(AST_NODE_TYPES);
  process.stderr.write(`COV ${seen.size}/${all.length} missing: ${all.filter((t) => !seen.has(t)).join(' ')}\n`);
});
