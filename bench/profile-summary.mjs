#!/usr/bin/env node
// Where a V8 CPU profile spent its time: self time aggregated by module (package or
// project folder) and by function, and the inclusive time of the functions that
// match --focus. For `node --cpu-prof` output:
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/codemods/cli.js analyze <corpus> --json >/dev/null
//   node bench/profile-summary.mjs /tmp/prof/*.cpuprofile [--top 25] [--focus rules/] [--modules] [--samples]

import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

import { readProfile, summarise } from './lib/profile.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `node_modules/<pkg>` (scoped too), a project folder (`rules/x.js`), or a node internal. */
export function moduleOf(url) {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const [first, second] = path.slice(nm + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (path.startsWith('node:')) return 'node:internal';
  if (path.startsWith(ROOT)) return path.slice(ROOT.length + 1).replace(/^dist\//, '');
  return path;
}

function add(map, key, value) {
  map.set(key, (map.get(key) ?? 0) + value);
}

function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const index = args.indexOf(name);
    if (index < 0) return fallback;
    const [value] = args.splice(index, 2).slice(1);
    return value;
  };
  const top = Number(option('--top', 25));
  const focus = option('--focus', null);
  // --modules: the inclusive figures per module (a rule file and everything it calls) instead of per function.
  const byModuleOnly = args.includes('--modules') && Boolean(args.splice(args.indexOf('--modules'), 1));
  // --samples: weigh each sample as one tick (CPU-proportional on a loaded machine) instead of its wall-clock delta.
  const bySamples = args.includes('--samples') && Boolean(args.splice(args.indexOf('--samples'), 1));
  const files = args;
  if (files.length === 0) {
    process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile>… [--top N] [--focus TEXT]\n');
    process.exit(2);
  }
  for (const file of files) {
    const { byId, self, parent, total } = summarise(readProfile(file), { weight: bySamples ? 'samples' : 'time' });
    const byModule = new Map();
    const byFunction = new Map();
    const inclusive = new Map();
    for (const [id, us] of self) {
      const { callFrame } = byId.get(id);
      const module = moduleOf(callFrame.url);
      add(byModule, module, us);
      add(byFunction, `${callFrame.functionName || '(anonymous)'}  ${module}:${callFrame.lineNumber + 1}`, us);
      if (focus) {
        // Inclusive time of each focused frame (or module), counted once per sample stack.
        const seen = new Set();
        for (let at = id; at !== undefined; at = parent.get(at)) {
          const frame = byId.get(at).callFrame;
          const key = byModuleOnly ? moduleOf(frame.url) : `${frame.functionName || '(anonymous)'}  ${moduleOf(frame.url)}:${frame.lineNumber + 1}`;
          if (!frame.url.includes(focus) || seen.has(key)) continue;
          seen.add(key);
          add(inclusive, key, us);
        }
      }
    }
    const print = (title, map) => {
      process.stdout.write(`\n${title}\n`);
      for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
        const amount = bySamples ? `${String(us).padStart(9)} samples` : `${(us / 1000).toFixed(1).padStart(9)} ms`;
        process.stdout.write(`${amount} ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
      }
    };
    process.stdout.write(`${file}: ${bySamples ? `${total} samples` : `${(total / 1000).toFixed(0)} ms sampled`}\n`);
    print('self time by module', byModule);
    print('self time by function', byFunction);
    if (focus) print(`inclusive time of functions in files matching "${focus}"`, inclusive);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
