/** The middle value (the upper one of an even count): the figure a bench reports over runs. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * How far the runs of a figure spread: min, max, the values in run order, and
 * (max - min) / median, the number to look at before trusting a difference between two
 * bench runs (this machine is shared, and a busy one moves figures by 2×).
 */
export function spreadOf(xs, digits = 2) {
  const r = (n) => Number(n.toFixed(digits));
  const m = median(xs);
  return { min: r(Math.min(...xs)), max: r(Math.max(...xs)), values: xs.map(r), relative: m > 0 ? Number(((Math.max(...xs) - Math.min(...xs)) / m).toFixed(3)) : 0 };
}
