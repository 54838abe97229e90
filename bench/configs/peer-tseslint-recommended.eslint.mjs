// Peer: typescript-eslint's `recommended` (no type information), scoped to the same script files.
import tseslint from 'typescript-eslint';

import { base, scriptsOnly } from './base.mjs';

export default [...base, ...scriptsOnly(tseslint.configs.recommended)];
