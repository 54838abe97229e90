// The traversal-cost anchor: one rule that visits every call and `new` and does nothing.
import { base, SCRIPT_FILES } from './base.mjs';

const trivial = {
  meta: { name: 'bench-trivial' },
  rules: {
    'visit-calls': {
      meta: { type: 'problem', schema: [] },
      create() {
        return { CallExpression() {}, NewExpression() {} };
      },
    },
  },
};

export default [...base, { name: 'bench/trivial', files: SCRIPT_FILES, plugins: { trivial }, rules: { 'trivial/visit-calls': 'error' } }];
