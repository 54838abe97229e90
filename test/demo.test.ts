import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/** `npm run demo` end to end, as a user without a terminal sees it: plain text, no colours. */

const root = path.resolve(__dirname, '..');
const DEMO_TIMEOUT_MS = 150_000;

interface DemoRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Runs the demo; `interruptWhen` sends SIGINT once the output matches it. */
function runDemo(interruptWhen?: RegExp): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [path.join(root, 'scripts/demo.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let interrupted = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (interruptWhen && !interrupted && interruptWhen.test(output)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), DEMO_TIMEOUT_MS - 5_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** The text of one step: from its `== N.` heading to the next heading. */
function step(output: string, number: number): string {
  const start = output.indexOf(`\n== ${number}. `);
  expect(start, `step ${number} heading`).toBeGreaterThanOrEqual(0);
  const next = output.indexOf('\n== ', start + 1);
  return output.slice(start, next === -1 ? undefined : next);
}

function copyFolder(output: string): string {
  const copy = /\(on a git copy in (.+)\)/.exec(output)?.[1];
  expect(copy, 'the demo names its temporary copy').toBeDefined();
  return path.dirname(copy!);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('npm run demo', () => {
  let run: DemoRun;

  beforeAll(async () => {
    run = await runDemo();
  }, DEMO_TIMEOUT_MS);

  it('exits 0 in plain text', () => {
    expect(run.output).not.toMatch(/demo failed/);
    expect(run.code).toBe(0);
    expect(run.output).not.toMatch(/\x1b\[/);
  });

  it('1. lints the legacy app and groups the findings by rule', () => {
    const text = step(run.output, 1);
    const total = Number(/^(\d+) findings in \d+ files\.$/m.exec(text)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(text).toMatch(/^neon\/no-per-request-client \(\d+\)$/m);
    expect(text).toMatch(/^ {2}src\/routes\/users\.js:\d+:\d+ {2}/m);
    // Messages redact the password of the hard-coded URL.
    expect(run.output).not.toContain('npg_Q7xK2mW9pLs4');
  });

  it('2. runs neon-codemod analyze', () => {
    const text = step(run.output, 2);
    expect(text).toMatch(/drivers\s+pg/);
    expect(text).toMatch(/^ {2}Plan /m);
  });

  it('3. shows the dry-run diff', () => {
    const text = step(run.output, 3);
    expect(text).toMatch(/^ {2}--- a\/src\/config\.js$/m);
    expect(text).toMatch(/^ {2}\+\+\+ b\/src\/config\.js$/m);
  });

  it('4. applies the transforms to the copy', () => {
    expect(step(run.output, 4)).toMatch(/^ {2}Changed since the legacy commit:$/m);
  });

  it('5. leaves nothing that a transform answers, and lists the rest', () => {
    const text = step(run.output, 5);
    expect(text).toMatch(/^Nothing left that a transform answers\.$/m);
    expect(text).toMatch(/^(Nothing left at all\.|Left for a human \(no registered transform answers these\): \d+)$/m);
  });

  it('6. migrates a fresh PostgreSQL database and lists the users and orders tables', () => {
    const text = step(run.output, 6);
    expect(text).toMatch(/Applied [1-9]\d* migration\(s\)/);
    expect(text).toMatch(/^ {2}users$/m);
    expect(text).toMatch(/^ {2}orders$/m);
    expect(text).toMatch(/^ {4}user_id +integer not null/m);
  });

  it('leaves nothing behind', () => {
    expect(fs.existsSync(copyFolder(run.output))).toBe(false);
  });
});

describe('npm run demo, interrupted', () => {
  it('stops the server and removes the temporary copy on Ctrl-C', async () => {
    // Interrupt once the server is up, while the migrations run.
    const interrupted = await runDemo(/PostgreSQL \(\w+ binaries\) on 127\.0\.0\.1:\d+/);
    expect(interrupted.code).toBe(130);
    expect(interrupted.output).toMatch(/SIGINT: stopping the server and removing temporary files/);
    expect(fs.existsSync(copyFolder(interrupted.output))).toBe(false);
    const port = Number(/on 127\.0\.0\.1:(\d+)/.exec(interrupted.output)?.[1]);
    expect(await accepts(port)).toBe(false);
  }, DEMO_TIMEOUT_MS);
});
