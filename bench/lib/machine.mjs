import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(import.meta.url);
const version = (name) => {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return 'not installed';
  }
};

function memTotalGiB() {
  return Math.round((os.totalmem() / 2 ** 30) * 10) / 10;
}

export function describeMachine() {
  let kernel = os.release();
  try {
    kernel = readFileSync('/proc/version', 'utf8').split(' ')[2];
  } catch {
    // not Linux: os.release() is enough
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: memTotalGiB(),
    os: `${os.type()} ${kernel}`,
    node: process.version,
    eslint: version('eslint'),
    typescriptEslint: version('typescript-eslint'),
    typescript: version('typescript'),
    jscodeshift: version('jscodeshift'),
    eslintPluginNeon: require('../../package.json').version,
    eslintPluginDrizzle: version('eslint-plugin-drizzle'),
    eslintPluginNoSecrets: version('eslint-plugin-no-secrets'),
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
