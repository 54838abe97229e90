/**
 * Placeholders versus real credentials.
 *
 * False positives hurt more than misses, so anything that reads like a
 * template, a documentation example or an already-masked value counts as a
 * placeholder:
 *
 * - a dynamic hole (`${…}`, `{{x}}`, `{0}`, `%s`, `%(name)s`) or an upper-case shell
 *   variable (`$PGPASSWORD`);
 * - a value wrapped in or containing `<…>`, `[…]` or `{…}` (`<password>`,
 *   `[user[:password]@]`);
 * - a mask: only `*`, `x`, `X`, `.`, `•`, `#`, `?`, `-`, `_`, or one character
 *   repeated (`****`, `xxxx`, `aaaa`);
 * - a word that names the value instead of being it, once case, `-`, `_` and
 *   spaces are dropped: `password`, `your-password`, `YOUR_DB_PASSWORD`,
 *   `changeme`, `secret`, `redacted`, anything starting with `your`.
 *
 * A Neon-shaped password (`npg_` and at least eight letters or digits) is real
 * unless its body is a mask (`npg_xxxxxxxx`).
 */

/** What the rules put in place of a template hole when they join static parts. */
export const HOLE = '${…}';

const NAMING_WORDS = new Set([
  'changeme',
  'changeit',
  'placeholder',
  'redacted',
  'hidden',
  'masked',
  'example',
  'sample',
  'dummy',
  'fake',
  'todo',
  'fixme',
  'tbd',
  'none',
  'null',
  'undefined',
]);

// A word such as `password`, optionally qualified (`dbpassword`, `mysecret`) and suffixed (`passwordhere`).
// Checked on at most MAX_WORD_LENGTH characters, which keeps the backtracking bounded.
const PASSWORD_WORD =
  /^(?:your|my|the|some|db|database|postgres|postgresql|pg|user|app|example|sample|dummy|fake|test|default|strong|secure|super|enter|insert|new|root|admin|password|passwd|pass|pwd|secret)*(?:password|passwd|passw0rd|pass|pwd|pw|secret|passphrase)(?:here|goeshere|placeholder)?$/;
const MAX_WORD_LENGTH = 64;

const HOST_WORD =
  /^(?:your|my|the|some|db|database|postgres|postgresql|pg|server|example|sample|dummy|fake)*(?:host|hostname|hostaddress|server|servername|address|ip|endpoint|domain)(?:here)?$/;

const SHELL_VARIABLE = /^\$[A-Z_][A-Z0-9_]*$/;
const FORMAT_PLACEHOLDER = /%(?:s|\([A-Za-z_]\w*\)s)/;
const MASK_CHARS = /^[*xX.•#?_-]+$/;

function normalize(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isRepeatedCharacter(value: string): boolean {
  if (value.length < 3) return false;
  for (const char of value) if (char !== value[0]) return false;
  return true;
}

/** Placeholder traits shared by every component of a connection string. */
function isGenericPlaceholder(value: string): boolean {
  return (
    value.includes('${') ||
    value.includes('{{') ||
    /[<>[\]{}]/.test(value) ||
    SHELL_VARIABLE.test(value) ||
    FORMAT_PLACEHOLDER.test(value) ||
    MASK_CHARS.test(value) ||
    isRepeatedCharacter(value)
  );
}

/** True for a Neon-issued password shape (`npg_` + at least 8 letters/digits), mask bodies excluded. */
export function isNeonPassword(password: string): boolean {
  return /^npg_[A-Za-z0-9]{8,}$/.test(password) && !isGenericPlaceholder(password.slice(4));
}

export function isPlaceholderPassword(password: string): boolean {
  if (isGenericPlaceholder(password)) return true;
  const word = normalize(password);
  return NAMING_WORDS.has(word) || word.startsWith('your') || (word.length <= MAX_WORD_LENGTH && PASSWORD_WORD.test(word));
}

/** A non-empty password that is not a placeholder. */
export function isRealPassword(password: string | undefined): password is string {
  return password !== undefined && password !== '' && !isPlaceholderPassword(password);
}

const EXAMPLE_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)\.?$/;

/** `host`, `<host>`, `your-host.com`, `db.example.com`, `ep-xxx.neon.tech`, a hole. */
export function isPlaceholderHost(host: string): boolean {
  // An IPv6 literal keeps its brackets in URLs: `[::1]`.
  const lower = host.toLowerCase().replace(/^\[([0-9a-f:.]*)\]$/, '$1');
  if (isGenericPlaceholder(lower) || lower.includes('xxx') || lower.includes('***') || lower.includes('...')) return true;
  if (EXAMPLE_DOMAIN.test(lower)) return true;
  const firstLabel = lower.split('.')[0];
  const word = normalize(firstLabel);
  if (word.startsWith('your')) return true;
  return lower === firstLabel && word.length <= MAX_WORD_LENGTH && (HOST_WORD.test(word) || NAMING_WORDS.has(word));
}
