// UI scenario: the fixed port of the example app, seen and fixed the way a user does it. Opens
// src/server.ts with Quick Open, sees the warning squiggle and the Problems entry, applies the quick
// fix with Ctrl+. and sees the text change, the warning clear and PORT= land in .env.example.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openQuickFix, problemsEntry, quickOpen, waitForEditorText, waitForNoProblem, waitForNoSquiggle, waitForWorkbench } from './workbench.mjs';

export const name = 'quick fix for a fixed port';

const FIX = 'Read the port from PORT (default 3000)';

/**
 * @param {{ page: import('playwright-core').Page, workspace: string, shot(name: string): Promise<void>, step(msg: string): void }} t
 */
export async function run({ page, workspace, shot, step }) {
  await waitForWorkbench(page);
  step('workbench shows the example workspace');
  await shot('workbench');

  await quickOpen(page, 'server.ts', 'app.listen(3000, ');
  step('src/server.ts is open (Ctrl+P)');
  await shot('server-open');

  await page.waitForSelector('.editor-instance .monaco-editor .squiggly-warning', { timeout: 60_000 });
  step('the fixed port has a warning squiggle');
  await shot('squiggle');

  const entry = await problemsEntry(page, 'Fixed port 3000');
  if (!/no-fixed-port/.test(entry)) throw new Error(`the Problems entry names the rule: ${entry}`);
  step(`Problems panel: ${entry.split('\n').join(' | ')}`);
  await shot('problems');

  const { item, presses } = await openQuickFix(page, 'app.listen(3000', '3000', FIX);
  step(`the Quick Fix menu offers "${FIX}" (Ctrl+. pressed ${presses}x)`);
  await shot('quick-fix-menu');
  await item.click();

  await waitForEditorText(page, 'app.listen(Number(process.env.PORT ?? 3000), ');
  step('the editor shows app.listen(Number(process.env.PORT ?? 3000), …)');
  await waitForNoSquiggle(page);
  await waitForNoProblem(page, 'Fixed port 3000');
  step('the squiggle and the Problems entry are gone');
  await shot('fixed');

  const envExample = path.join(workspace, '.env.example');
  const deadline = Date.now() + 30_000;
  let text = '';
  while (Date.now() < deadline) {
    text = fs.existsSync(envExample) ? fs.readFileSync(envExample, 'utf8') : '';
    if (/^PORT=$/m.test(text)) break;
    await page.waitForTimeout(200);
  }
  if (!/^PORT=$/m.test(text)) throw new Error(`.env.example declares PORT= (it holds: ${JSON.stringify(text)})`);
  step('.env.example declares PORT=');
}
