// The terminal renderer a figure runs with: WebGL (what learners get) and the DOM fallback.

/** The renderers a figure measures: --renderer webgl|dom|both (default both, WebGL first). */
export function renderersOf(opts) {
  const r = opts.renderer ?? 'both';
  if (r === 'both') return ['webgl', 'dom'];
  if (r === 'webgl' || r === 'dom') return [r];
  throw new Error(`--renderer must be webgl, dom or both, got ${r}`);
}

/**
 * A page of the app with the terminal renderer asked for. WebGL is what learners get: when
 * it was asked for and the terminal fell back to the DOM renderer, the figure fails (a
 * throughput measured on the wrong renderer would read as a regression or a win).
 */
export async function assertRenderer(page, target, wanted) {
  const got = await page.evaluate((t) => window.__tutorTerminalStats?.[t]?.renderer, target);
  if (got === wanted) return;
  const why = wanted === 'webgl' ? ': WebGL is NOT in use (does this Chromium offer WebGL2 with the flags of scripts/chromium.mjs?)' : '';
  throw new Error(`the ${target} terminal uses the ${got ?? 'unknown'} renderer, not ${wanted}${why}`);
}
