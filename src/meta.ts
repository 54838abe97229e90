import fs from 'node:fs';
import path from 'node:path';

export const PLUGIN_NAME = 'eslint-plugin-neon';
export const REPOSITORY_URL = 'https://github.com/eslint-plugin-neon/eslint-plugin-neon';

/** Reads the package version at load time; sources and `dist/` sit at different depths. */
function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PLUGIN_NAME && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

export const PLUGIN_VERSION = readVersion();
