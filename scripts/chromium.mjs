// Debian's Chromium (never a downloaded browser) and the flags every tool here starts it
// with: the tests (playwright.config.ts), the benchmarks and the icon renderer. Without the
// background-networking flags Chromium keeps opening connections this closed network refuses.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// GPU compositing on SwiftShader (ANGLE's CPU Vulkan): Chromium's GPU process composites
// the page, so a WebGL canvas is handed over as a texture, as on a desktop with a GPU,
// instead of being read back to the CPU for software compositing every frame (what
// --disable-gpu does). Everything still runs on the CPU here. The benchmarks' terminal
// figures use it (docs/benchmarks.md, "GPU compositing"); the tests keep CHROMIUM_ARGS.
export const CHROMIUM_GPU_ARGS = [
  ...CHROMIUM_ARGS.filter((arg) => arg !== '--disable-gpu'),
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/** The flags for a compositing mode: 'gpu' (SwiftShader) or 'software' (--disable-gpu). */
export function chromiumArgs(compositing = 'software') {
  if (compositing === 'gpu') return CHROMIUM_GPU_ARGS;
  if (compositing === 'software') return CHROMIUM_ARGS;
  throw new Error(`compositing must be gpu or software, got ${compositing}`);
}
