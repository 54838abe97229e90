// ESLint's TIMING table (TIMING=all prints every rule):
//
//   Rule                     | Time (ms) | Relative
//   :------------------------|----------:|--------:
//   neon/no-insecure-ssl     |    12.345 |    40.1%
/** Returns [{ rule, ms, relative }] (relative: share of all rules' time, in %), in the printed order. */
export function parseTimingTable(output) {
  const rows = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\S+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)%\s*$/.exec(line);
    if (match) rows.push({ rule: match[1], ms: Number(match[2]), relative: Number(match[3]) });
  }
  return rows;
}
