// The Twelve-Factor view in the real workbench: the status bar shows the score, clicking it opens
// the view in the activity bar, the twelve factors are listed with their status, and a finding
// under a factor opens its file at the line.
import { quickOpen, waitForEditorText, waitForWorkbench } from './workbench.mjs';

export const name = 'the Twelve-Factor view';

const STEP_MS = 60_000;

/**
 * @param {{ page: import('playwright-core').Page, workspace: string, shot(name: string): Promise<void>, step(msg: string): void }} t
 */
export async function run({ page, shot, step }) {
  await waitForWorkbench(page);
  // The extension activates on the folder (package.json); opening a file gives the workbench focus too.
  await quickOpen(page, 'payments.ts', 'import');
  step('the workbench shows the example workspace');

  const score = page.locator('.statusbar-item', { hasText: /12-Factor: \d+\/12/ });
  await score.first().waitFor({ timeout: STEP_MS });
  const scoreText = (await score.first().innerText()).trim();
  step(`the status bar shows "${scoreText}"`);
  await shot('status-bar');

  await score.first().click();
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /checklist/i }) });
  const row = (text) => view.locator('.monaco-list-row', { hasText: text }).first();
  await row('VII. Port binding').waitFor({ timeout: STEP_MS });
  step('clicking the score opens the Twelve-Factor view');
  const titles = await view.locator('.monaco-list-row .label-name').allInnerTexts();
  const factors = titles.filter((t) => /^[IVX]+\. /.test(t));
  if (factors.length !== 12) throw new Error(`the view lists the twelve factors (it lists: ${JSON.stringify(titles)})`);
  if (factors[0] !== 'I. Codebase' || factors[11] !== 'XII. Admin processes') throw new Error(`the factors are in order: ${JSON.stringify(factors)}`);
  const port = await row('VII. Port binding').innerText();
  if (!/failing/i.test(port)) throw new Error(`VII. Port binding is failing in the example app (the row reads ${JSON.stringify(port)})`);
  step(`VII. Port binding: ${port.split('\n').join(' ')}`);
  await shot('checklist');

  await row('VII. Port binding').click();
  await page.keyboard.press('ArrowRight');
  const finding = row('src/server.ts:');
  await finding.waitFor({ timeout: STEP_MS });
  step(`expanded: ${(await finding.innerText()).split('\n').join(' ')}`);
  await shot('factor-expanded');
  await finding.click();
  await waitForEditorText(page, 'app.listen(3000, ');
  const tab = page.locator('.tabs-container .tab.active', { hasText: 'server.ts' });
  await tab.waitFor({ timeout: STEP_MS });
  step('the finding opens src/server.ts at app.listen(3000, …)');
  await shot('finding-opened');
}
