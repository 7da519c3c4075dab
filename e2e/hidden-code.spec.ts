// A share link whose code hides from the reader (issue 19, hole 8): a payload pushed out of sight by
// 300 spaces, and bidi controls that show code in another order than it runs ("Trojan Source").
// The diff and the editor show them as marks, and the question before running link code has
// "Do not run" focused, so a second Enter does not run it.
import { test, expect } from '@playwright/test';
import { encodeShare } from '../src/sandbox/core/share.ts';
import { loadExample } from '../src/examples/load.ts';
import { sandbox } from './helpers.ts';

const server = loadExample('hello').files['server.js']!;
const payload = "globalThis.fetched = require('node:fs').readdirSync('/');";
const hidden = [
  `const quiet = 1;${' '.repeat(300)}${payload}`,
  '// access check \u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only',
  'const user\u200B = 1;',
].join('\n');
const link = (base: string) => `${base}/live-examples/?runtime=local${encodeShare('example-hello', { 'server.js': `${hidden}\n${server}` })}`;

test('hidden code in a share link: marked in the diff and the editor; Enter at the question does not run it', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(link(baseURL!));
  const box = sandbox(page, 'Hello server');
  const banner = box.getByRole('group', { name: 'Changes from a link' });
  await expect(banner).toContainText('This example was changed by a link.');
  await expect(banner).toContainText('Marked below: 5 invisible or direction-changing characters and 1 long run of spaces.');
  const diff = banner.locator('.lab-diff');
  // The payload is in the diff, after a mark that stands for the 300 spaces, and nothing runs off to the right.
  await expect(diff).toContainText(`+ const quiet = 1;⟨300 spaces⟩${payload}`);
  expect(await diff.evaluate((pre) => pre.scrollWidth <= pre.clientWidth)).toBe(true);
  const payloadBox = await diff.getByText(/readdirSync/).boundingBox();
  const diffBox = await diff.boundingBox();
  expect(payloadBox!.x).toBeGreaterThanOrEqual(diffBox!.x);
  // Each bidi control and invisible character is a mark that names it, in the order it was written.
  await expect(diff).toContainText('+ // access check ⟨U+202E⟩ } ⟨U+2066⟩if (isAdmin)⟨U+2069⟩ ⟨U+2066⟩ begin admins only');
  await expect(diff).toContainText('+ const user⟨U+200B⟩ = 1;');
  await expect(diff.locator('mark[title^="U+202E right-to-left override"]')).toHaveCount(1);
  await banner.screenshot({ path: 'test-results/hidden-code-diff-390.png' });

  await box.getByRole('combobox', { name: 'Runtime' }).selectOption('local');
  await page.waitForURL(/runtime=local/);
  await box.getByRole('group', { name: 'Changes from a link' }).getByRole('button', { name: 'Load the shared version' }).click();
  const editor = box.getByRole('textbox', { name: 'Edit server.js' });
  if (!(await editor.isVisible())) await box.getByRole('tabpanel').click();
  // In the editor the characters are marks too, so they cannot reorder the code around them.
  const marks = editor.locator('.cm-specialChar.lab-invisible');
  await expect(marks).toHaveText(['⟨U+202E⟩', '⟨U+2066⟩', '⟨U+2069⟩', '⟨U+2066⟩', '⟨U+200B⟩']);
  await expect(marks.first()).toHaveAttribute('title', 'U+202E right-to-left override: changes the order text is shown in');
  await editor.screenshot({ path: 'test-results/hidden-code-editor-390.png' });

  // Run: the question has "Do not run" focused; Enter, pressed again by habit, does not run the link's code.
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const question = box.getByRole('alertdialog', { name: 'Run this code on this machine?' });
  await expect(question).toContainText('This code came from a link');
  await expect(question.getByRole('button', { name: 'Do not run' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(box).toContainText('Not run. Press Reset for the original example.');
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('not started');
});
