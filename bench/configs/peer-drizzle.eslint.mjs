// Peer: eslint-plugin-drizzle's two rules (enforce-delete-with-where, enforce-update-with-where), default options.
import drizzle from 'eslint-plugin-drizzle';

import { base, SCRIPT_FILES } from './base.mjs';

export default [
  ...base,
  {
    name: 'bench/peer-drizzle',
    files: SCRIPT_FILES,
    plugins: { drizzle },
    rules: { 'drizzle/enforce-delete-with-where': 'error', 'drizzle/enforce-update-with-where': 'error' },
  },
];
