// Peer: eslint-plugin-no-secrets (its `no-secrets` rule, default options).
import noSecrets from 'eslint-plugin-no-secrets';

import { base, SCRIPT_FILES } from './base.mjs';

export default [...base, { name: 'bench/peer-no-secrets', files: SCRIPT_FILES, plugins: { 'no-secrets': noSecrets }, rules: { 'no-secrets/no-secrets': 'error' } }];
