import { describe, expect, it } from 'vitest';

import { exitCodeOf, newTransformReport, Reporter, type RunReport } from '../../codemods/lib/report';

const URL = 'postgres://alice:S3cretPw@ep-cool-1.us-east-2.aws.neon.tech/db';

function capture(json: boolean, options: { stderrTTY?: boolean } = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const reporter = new Reporter({
    json,
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text), isTTY: options.stderrTTY ?? false },
  });
  return { reporter, stdout, stderr };
}

function runReport(): RunReport {
  const transform = newTransformReport('analyze');
  transform.scanned = 3;
  transform.parsed = 1;
  transform.findings.push({ file: 'src/db.ts', line: 3, column: 20, message: `hard-coded ${URL}`, ruleId: 'neon/x' });
  transform.failed.push({ file: 'src/broken.ts', reason: 'does not parse' });
  transform.details = { nested: [{ url: URL }] };
  return { transform: 'analyze', root: '/p', dry: false, transforms: [transform], skipped: [], warnings: [`saw ${URL}`] };
}

describe('Reporter', () => {
  it('redacts human output, warnings and errors', () => {
    const { reporter, stdout, stderr } = capture(false);
    reporter.out(`found ${URL}`);
    reporter.warn(URL);
    reporter.error(URL);
    const all = [...stdout, ...stderr].join('');
    expect(all).not.toContain('S3cretPw');
    expect(stdout.join('')).toBe('found postgres://alice:****@ep-cool-1.us-east-2.aws.neon.tech/db\n');
  });

  it('writes the summary table to stdout', () => {
    const { reporter, stdout, stderr } = capture(false);
    reporter.finish(runReport());
    expect(stdout.join('')).toBe(
      [
        '',
        'transform  scanned  parsed  changed  skipped  failed  findings',
        'analyze          3       1        0        0       1         1',
        '',
        'failed:',
        '  src/broken.ts: does not parse',
        '',
      ].join('\n'),
    );
    expect(stderr.join('')).toContain('warning: saw postgres://alice:****@');
  });

  it('with --json, writes only redacted JSON to stdout and the summary to stderr', () => {
    const { reporter, stdout, stderr } = capture(true);
    reporter.out('human text is dropped');
    reporter.finish(runReport());
    const text = stdout.join('');
    expect(text).not.toContain('S3cretPw');
    const parsed = JSON.parse(text) as RunReport;
    expect(parsed.transforms[0]!.findings[0]!.message).toBe('hard-coded postgres://alice:****@ep-cool-1.us-east-2.aws.neon.tech/db');
    expect(parsed.transforms[0]!.details).toEqual({ nested: [{ url: 'postgres://alice:****@ep-cool-1.us-east-2.aws.neon.tech/db' }] });
    expect(stderr.join('')).toMatch(/transform +scanned/);
    expect(stderr.join('')).not.toContain('human text');
  });

  it('shows no progress bar off a terminal or on short runs', () => {
    const off = capture(false);
    const progress = off.reporter.progress(10_000);
    progress.tick();
    progress.stop();
    expect(off.stderr).toEqual([]);
    const short = capture(false, { stderrTTY: true });
    short.reporter.progress(200).tick();
    expect(short.stderr).toEqual([]);
  });
});

describe('exitCodeOf', () => {
  it('is 1 when a file failed, else 0', () => {
    const report = runReport();
    expect(exitCodeOf(report)).toBe(1);
    report.transforms[0]!.failed.length = 0;
    expect(exitCodeOf(report)).toBe(0);
  });
});
