// Draws the extension icon, images/icon.png (128x128): twelve dots on a ring, one per factor, with
// a check mark in the middle, on a rounded tile. The SVG below is rendered by headless chromium
// (the browser the UI tests use) through playwright-core; the PNG keeps a transparent background.
// usage: node scripts/make-icon.mjs [output.png]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'images', 'icon.png'));
const CHROMIUM = process.env.TWELVE_FACTOR_CHROMIUM || '/usr/bin/chromium';
const SIZE = 128;

function svg() {
  const cx = 64;
  const cy = 64;
  const r = 42;
  const dots = [];
  for (let i = 0; i < 12; i++) {
    const a = (i / 12) * 2 * Math.PI - Math.PI / 2;
    const x = (cx + r * Math.cos(a)).toFixed(2);
    const y = (cy + r * Math.sin(a)).toFixed(2);
    // The factor at twelve o'clock is drawn larger: the ring reads as a clock face, "12".
    dots.push(`<circle cx="${x}" cy="${y}" r="${i === 0 ? 7 : 5.5}" fill="${i === 0 ? '#ffd166' : '#e8f1ff'}"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2b5cd6"/>
      <stop offset="1" stop-color="#163a8f"/>
    </linearGradient>
  </defs>
  <rect x="2" y="2" width="124" height="124" rx="26" fill="url(#tile)"/>
  <circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#ffffff" stroke-opacity="0.18" stroke-width="3"/>
  ${dots.join('\n  ')}
  <path d="M46 65 l12 12 l25 -27" fill="none" stroke="#7ee2a8" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg()}</body></html>`);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  await page.locator('svg').screenshot({ path: OUT, omitBackground: true });
  console.log(`wrote ${path.relative(process.cwd(), OUT)} (${SIZE}x${SIZE})`);
} finally {
  await browser.close();
}
