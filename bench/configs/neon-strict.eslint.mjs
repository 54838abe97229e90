// eslint-plugin-neon's `strict` preset (the package's self-reference resolves to dist/: run `npm run build` first).
import neon from 'eslint-plugin-neon';

import { base } from './base.mjs';

export default [...base, ...neon.configs.strict];
