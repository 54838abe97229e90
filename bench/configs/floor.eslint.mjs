// The floor: parse and traverse every file, run no rule.
import { base } from './base.mjs';

export default base;
