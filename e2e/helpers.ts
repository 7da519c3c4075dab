// Shared steps of the sandbox specs, driven only by the accessible names of the UI contract.
import { expect, type Locator, type Page } from '@playwright/test';
export { processesWith } from '../src/test/runner-harness.ts';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Every page with sandboxes, as a path under the site's base. */
export const GUIDE_PAGES = [
  'live-examples',
  'guides/startup-vs-request',
  'guides/state-and-config',
  'guides/forking-vs-spawning',
  'guides/deployment',
  'guides/reload-and-shutdown',
];

/** The two sizes the reader rules hold at: a laptop with a pointer, a phone with touch. */
export const READER_SIZES = [
  { name: 'laptop 1280×800', viewport: { width: 1280, height: 800 }, hasTouch: false },
  { name: 'phone 390×844', viewport: { width: 390, height: 844 }, hasTouch: true },
];

export function sandbox(page: Page, title: string): Locator {
  return page.getByRole('region', { name: `Live example: ${title}` });
}

export async function run(box: Locator): Promise<void> {
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
}

/** Send one request from the panel and return the Response region once it has the answer. */
export async function send(box: Locator, path = '/', method = 'GET'): Promise<Locator> {
  await box.getByRole('combobox', { name: 'Method' }).selectOption(method);
  await box.getByRole('textbox', { name: 'Path' }).fill(path);
  await box.getByRole('button', { name: 'Send', exact: true }).click();
  const response = box.getByRole('region', { name: 'Response' });
  await expect(response).toHaveAttribute('aria-busy', 'false');
  return response;
}

/** Select `from` in a file's editor and type `to` over it, as a reader would. */
export async function replaceInEditor(box: Locator, file: string, from: string, to: string): Promise<void> {
  await box.getByRole('tab', { name: file }).click();
  const editor = box.getByRole('textbox', { name: `Edit ${file}` });
  // Before activation the code is static: clicking into it loads the editor, as it does for a reader.
  if (!(await editor.isVisible())) await box.getByRole('tabpanel').click();
  await editor.getByText(from).first().click();
  // Select exactly the text (lines may wrap, so Home/End would select only part of one).
  const selected = await editor.evaluate((content, text) => {
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    }
    return '';
  }, from);
  expect(selected).toBe(from);
  await expect.poll(() => editor.page().evaluate(() => window.getSelection()?.toString())).toBe(from);
  await editor.page().keyboard.insertText(to);
  await expect(editor).toContainText(to);
}

/** The folder of the example server listening on `port` (the runner picks a fresh port per sandbox;
 * PIDs on the page are the OS sandbox's own, so the host process is found by its PORT). */
export function folderOfPort(port: number): string | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(`\0PORT=${port}\0`)) return readlinkSync(`/proc/${name}/cwd`);
    } catch {
      // gone, or not ours to read
    }
  }
  return null;
}

/** PIDs of processes whose working directory is inside `folder` (Linux /proc). */
export function processesUnder(folder: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`).startsWith(folder)) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Rows of the "Processes" table as plain data. */
export async function processRows(box: Locator): Promise<Array<{ pid: number; role: string; state: string; requests: number }>> {
  const rows = box.getByRole('table', { name: 'Processes' }).locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '');
      return { pid: Number(cells[0]), role: cells[1]!, state: cells[2]!, requests: Number(cells[4]) };
    }),
  );
}

/** Rows of the "Lifecycle events" table. */
export async function lifecycleEvents(box: Locator): Promise<Array<{ pid: string; event: string; detail: string }>> {
  const rows = box.getByRole('table', { name: 'Lifecycle events' }).locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '');
      return { pid: cells[1]!, event: cells[2]!, detail: cells[3]! };
    }),
  );
}

/** Press "Send 20 requests" and wait for the burst summary. */
export async function burst20(box: Locator): Promise<void> {
  await box.getByRole('textbox', { name: 'Path' }).fill('/');
  await box.getByRole('button', { name: 'Send 20 requests' }).click();
  await expect(box.getByRole('group', { name: 'Burst summary' })).toBeVisible();
  await expect(box.getByRole('region', { name: 'Response' })).toHaveAttribute('aria-busy', 'false');
}

/** Open the site's search (Starlight's Pagefind dialog) from Start here; returns the dialog and its box. */
export async function openSearch(page: Page): Promise<{ dialog: Locator; input: Locator }> {
  await page.goto('/start-here/');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog');
  return { dialog, input: dialog.getByRole('textbox', { name: 'Search' }) };
}

/** A take-home button (Share, Copy link, Open in StackBlitz, Download). On a phone they fold behind
 * one "Share ▾" button, which a reader opens first. */
export async function takeHomeButton(box: Locator, name: string | RegExp): Promise<Locator> {
  const toggle = box.getByRole('button', { name: 'Share, copy link, open in StackBlitz or download' });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return box.getByRole('button', { name, exact: typeof name === 'string' });
}

/** The sandbox's notice says each of `parts`, calmly: as a polite status, with no alert in it (a
 * network hiccup, such as a script that did not load, is not the reader's error). */
export async function expectCalmNotice(box: Locator, ...parts: string[]): Promise<void> {
  const notice = box.locator('[data-notice]');
  for (const part of parts) await expect(notice).toContainText(part);
  await expect(notice.getByRole('alert')).toHaveCount(0);
}
