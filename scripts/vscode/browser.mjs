// Headless chromium (the Debian package) driven by playwright-core: the "window" of the web
// workbench. A fresh profile per launch, removed on close.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './paths.mjs';

/**
 * Launches the browser with a fresh profile inside `runDir`.
 * @param {string} runDir
 * @param {{ viewport?: { width: number, height: number } }} [options]
 */
export async function launchBrowser(runDir, options = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} does not exist: run node scripts/vscode/setup.mjs (or set TWELVE_FACTOR_CHROMIUM).`);
  const profile = fs.mkdtempSync(path.join(runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
