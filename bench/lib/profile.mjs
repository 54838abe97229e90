// Reading V8 CPU profiles (`node --cpu-prof`). Weighting each sample as one tick,
// not by its wall-clock delta, makes shares follow CPU time: on a loaded machine a
// descheduled thread takes no samples, while the deltas around the pause grow.
import { readFileSync } from 'node:fs';

export function readProfile(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Self weight per node id, the parent of each node, and the total.
 * `weight: 'samples'` counts samples (CPU-proportional); `'time'` sums their wall-clock deltas in µs.
 */
export function summarise(profile, { weight = 'time' } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (weight === 'samples' ? 1 : (profile.timeDeltas[index] ?? 0))));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return { byId, self, parent, total };
}

/**
 * The weight of the samples whose stack holds a frame that `keyOf` maps to a key,
 * counted once per key and sample: inclusive time per rule file, per module, ….
 */
export function inclusiveBy(summary, keyOf) {
  const { byId, self, parent } = summary;
  const totals = new Map();
  for (const [id, weight] of self) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at).callFrame);
      if (key === undefined || seen.has(key)) continue;
      seen.add(key);
      totals.set(key, (totals.get(key) ?? 0) + weight);
    }
  }
  return totals;
}

/**
 * Each plugin rule's share of the process's CPU samples (the rule's listeners and
 * create(), and every helper they call; loading the rule's module is not the rule's),
 * `plugin` for everything that ran in the plugin's folder, and `loading` for its
 * modules' top-level code. `pluginDir` is the folder whose `rules/<name>.js` files
 * are the rules (the built `dist/`).
 */
export function ruleShares(profile, pluginDir) {
  const summary = summarise(profile, { weight: 'samples' });
  const rulesPrefix = `${pluginDir}/rules/`;
  const pathOf = (frame) => frame.url.replace(/^file:\/\//, '');
  // A module's top-level code (its wrapper: no name, line 0) runs once, when it is loaded.
  const isModuleLoad = (frame) => frame.functionName === '' && frame.lineNumber === 0;
  const byRule = inclusiveBy(summary, (frame) => {
    const path = pathOf(frame);
    if (!path.startsWith(rulesPrefix) || path.slice(rulesPrefix.length).includes('/') || isModuleLoad(frame)) return undefined;
    return path.slice(rulesPrefix.length).replace(/\.js$/, '');
  });
  const inPlugin = (frame) => pathOf(frame).startsWith(`${pluginDir}/`);
  const plugin = inclusiveBy(summary, (frame) => (inPlugin(frame) ? 'plugin' : undefined)).get('plugin') ?? 0;
  const loading = inclusiveBy(summary, (frame) => (inPlugin(frame) && isModuleLoad(frame) ? 'loading' : undefined)).get('loading') ?? 0;
  const share = (samples) => (samples / summary.total) * 100;
  return {
    samples: summary.total,
    intervalUs: summary.total > 0 ? (profile.endTime - profile.startTime) / profile.samples.length : null,
    plugin: { samples: plugin, percent: share(plugin) },
    loading: { samples: loading, percent: share(loading) },
    rules: Object.fromEntries([...byRule].sort((a, b) => b[1] - a[1]).map(([rule, samples]) => [rule, { samples, percent: share(samples) }])),
  };
}
