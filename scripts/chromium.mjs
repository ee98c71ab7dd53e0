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
