// ESLint formatter for the timed runs: one JSON line with the number of linted
// files and the findings per rule. Cheap, so it does not skew the timings, and it
// proves that every configuration linted the same files.
'use strict';

module.exports = function countFormatter(results) {
  const byRule = {};
  let fatal = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) fatal += 1;
      const rule = message.ruleId ?? '(parse error)';
      byRule[rule] = (byRule[rule] ?? 0) + 1;
    }
  }
  const fatalFiles = results.filter((r) => r.messages.some((m) => m.fatal)).map((r) => `${r.filePath}: ${r.messages.find((m) => m.fatal).message}`);
  return `BENCH_COUNTS ${JSON.stringify({ files: results.length, fatal, byRule, fatalFiles: fatalFiles.slice(0, 5) })}\n`;
};
