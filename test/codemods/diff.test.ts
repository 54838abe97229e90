import { describe, expect, it } from 'vitest';

import { unifiedDiff } from '../../codemods/lib/diff';

describe('unifiedDiff', () => {
  const before = "import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: 'x' });\nexport default pool;\n";
  const after = "import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport default pool;\n";

  it('is a plain git-style unified diff without colour', () => {
    expect(unifiedDiff('src/db.ts', before, after, false)).toBe(
      [
        '--- a/src/db.ts',
        '+++ b/src/db.ts',
        '@@ -1,3 +1,3 @@',
        " import { Pool } from 'pg';",
        "-const pool = new Pool({ connectionString: 'x' });",
        '+const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
        ' export default pool;',
      ].join('\n'),
    );
  });

  it('colours added and removed lines for a terminal', () => {
    const lines = unifiedDiff('src/db.ts', before, after, true).split('\n');
    expect(lines[4]).toBe(`\x1b[31m-const pool = new Pool({ connectionString: 'x' });\x1b[39m`);
    expect(lines[5]).toBe('\x1b[32m+const pool = new Pool({ connectionString: process.env.DATABASE_URL });\x1b[39m');
    expect(lines[6]).toBe(' export default pool;');
  });
});
