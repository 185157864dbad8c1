// Driving the VS Code web workbench with playwright-core, as a user would: Quick Open, the editor,
// squiggles, the Problems panel and the Quick Fix menu. Every wait has a deadline.

const STEP_MS = 60_000;

/** Monaco renders spaces as U+00A0. */
const norm = (s) => s.replace(/\u00a0/g, ' ');

/** Waits for the workbench and its explorer to show the workspace. */
export async function waitForWorkbench(page) {
  await page.waitForSelector('.monaco-workbench', { timeout: STEP_MS });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: STEP_MS });
}

/** Opens a file with Quick Open (Ctrl+P) and waits until the editor shows `expectText`. */
export async function quickOpen(page, fileName, expectText) {
  const input = page.locator('.quick-input-widget input');
  // The keyboard shortcut reaches the workbench only once it has focus.
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Control+P');
    try {
      await input.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch {
      await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } }).catch(() => undefined);
    }
  }
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
  await waitForEditorText(page, expectText);
}

/** The text of the active editor's rendered lines. */
export async function editorLines(page) {
  const lines = await page.locator('.editor-instance .monaco-editor .view-lines .view-line').allTextContents();
  return lines.map(norm);
}

/** Waits until a rendered line of the active editor contains `text`. */
export async function waitForEditorText(page, text, timeout = STEP_MS) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')].some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(t)),
    text,
    { timeout },
  );
}

/** Waits until no warning squiggle is left in the active editor. */
export async function waitForNoSquiggle(page, timeout = STEP_MS) {
  await page.waitForFunction(() => !document.querySelector('.editor-instance .monaco-editor .squiggly-warning'), null, { timeout });
}

/** Opens the Problems panel (Ctrl+Shift+M) and waits for an entry containing `text`. */
export async function problemsEntry(page, text) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
  const entry = panel.locator('.monaco-list-row', { hasText: text }).first();
  await entry.waitFor({ timeout: STEP_MS });
  return norm(await entry.innerText());
}

/** Waits until the Problems panel has no entry containing `text`. */
export async function waitForNoProblem(page, text, timeout = STEP_MS) {
  await page.waitForFunction(
    (t) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.textContent.replace(/\u00a0/g, ' ').includes(t)),
    text,
    { timeout },
  );
}

/**
 * Puts the cursor on `token` in the editor line containing `lineText`, opens the Quick Fix menu
 * with Ctrl+. and returns the menu entry titled `title`. The first Ctrl+. after the page loads is
 * swallowed by the web workbench, so the key is pressed again until the menu shows.
 */
export async function openQuickFix(page, lineText, token, title) {
  const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: lineText }).first();
  await line.locator('span > span', { hasText: new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().click();
  const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  let presses = 0;
  const deadline = Date.now() + STEP_MS;
  while (Date.now() < deadline) {
    presses++;
    await page.keyboard.press('Control+.');
    try {
      await item.waitFor({ timeout: 2500 });
      return { item, presses };
    } catch {
      // The menu did not open (or not yet with our fix): close whatever opened and press again.
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`the Quick Fix menu did not offer "${title}" after ${presses} presses of Ctrl+.`);
}
