export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The mean of the values (callers decide what a missing one means). */
export const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

export const min = (values) => Math.min(...values.filter((v) => Number.isFinite(v)));
export const max = (values) => Math.max(...values.filter((v) => Number.isFinite(v)));

/** The run order of the configurations in round `by`: rotated, so no configuration always runs first or last. */
export function rotate(items, by) {
  const k = ((by % items.length) + items.length) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
