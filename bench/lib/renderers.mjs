// The terminal renderer a figure runs with: WebGL (what learners get) and the DOM fallback,
// and how Chromium composites the page (scripts/chromium.mjs): 'software' (--disable-gpu,
// the tests' flags: a WebGL canvas is read back to the CPU every frame) or 'gpu' (GPU
// compositing on SwiftShader: no read-back, as with Electron on a desktop's GPU).

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

/**
 * The configurations a terminal figure measures, each under its JSON key: `webgl` and `dom`
 * with software compositing (the figures' history), and `webglGpu`, WebGL with GPU
 * compositing. --renderer and --compositing software|gpu|both (default both) choose.
 */
export function configurationsOf(opts) {
  const c = opts.compositing ?? 'both';
  if (!['software', 'gpu', 'both'].includes(c)) throw new Error(`--compositing must be software, gpu or both, got ${c}`);
  const out = [];
  for (const renderer of renderersOf(opts)) {
    if (c !== 'gpu') out.push({ key: renderer, renderer, compositing: 'software' });
    if (c !== 'software' && renderer === 'webgl') out.push({ key: 'webglGpu', renderer, compositing: 'gpu' });
  }
  if (out.length === 0) throw new Error('GPU compositing is measured with the WebGL renderer only: add --renderer webgl or both');
  return out;
}
