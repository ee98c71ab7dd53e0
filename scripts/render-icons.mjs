// `node scripts/render-icons.mjs`: renders assets/icon.svg into the PNG sizes the packages
// use (assets/icons/NxN.png: Linux takes the folder, Windows 256, macOS 1024), in Debian's
// Chromium. The PNGs are committed; run this after changing the SVG.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));
export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

const svg = await readFile(join(assets, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const size of ICON_SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: join(assets, 'icons', `${size}x${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`render-icons: ${ICON_SIZES.length} sizes in assets/icons/`);
