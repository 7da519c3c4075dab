// The onboarding track, deep links, take-home and print, driven as a reader would in Chromium.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { loadExample } from '../src/examples/load.ts';
import { expectCalmNotice, replaceInEditor, run, sandbox } from './helpers.ts';

const GUIDE = '/guides/startup-vs-request/';
const TITLE = 'Startup once, handler every time';

async function tryButton(box: ReturnType<typeof sandbox>, label: string): Promise<void> {
  await box
    .getByRole('button', { name: new RegExp(`^Try ${label.replace(/[/×]/g, '\\$&')}:`) })
    .first()
    .click();
  await expect(box.getByRole('region', { name: 'Response' })).toHaveAttribute('aria-busy', 'false');
}

const sidebarLink = (page: Page) => page.locator('nav[aria-label="Main"] a[href$="/guides/startup-vs-request/"]');

test('the track marks a guide done only after its steps are done in the sandbox, and exports and resets', async ({ page, context }) => {
  test.setTimeout(120_000); // two runs, 42 requests, axe and three page loads
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/start-here/');
  const track = page.getByRole('region', { name: 'The onboarding track' });
  const guide1 = track.locator('[data-guide="guides/startup-vs-request"]');
  await expect(guide1).toContainText(/about \d+ min/);
  await expect(guide1.locator('[data-track-state]')).toHaveText('not started');

  await page.goto(`${GUIDE}?runtime=local`);
  const box = sandbox(page, TITLE);
  // Reading, running and sending everything without predicting first does not count.
  await run(box);
  const step = box.getByRole('group', { name: 'Track step: Startup vs request' });
  await tryButton(box, 'GET /');
  await tryButton(box, 'GET / ×20');
  // The guide's numbered steps get the ticks: step 1 is "Press Run".
  const tryStep = (n: number) =>
    box
      .getByRole('group')
      .filter({ has: page.getByText('Try this', { exact: true }) })
      .getByRole('listitem')
      .nth(n - 1);
  await expect(tryStep(1)).toHaveAttribute('data-met', 'false');
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(0);

  // Predict, then run and send again: now it counts.
  await step.getByRole('radio', { name: 'once' }).check();
  await step.getByRole('button', { name: 'Predict' }).click();
  await expect(step.getByRole('radio', { name: 'per worker' })).toBeDisabled();
  await box.getByRole('button', { name: 'Restart' }).click();
  await expect(tryStep(1)).toHaveAttribute('data-met', 'true');
  await expect(tryStep(1)).toContainText('(done)');
  await tryButton(box, 'GET /');
  await expect(tryStep(2)).toHaveAttribute('data-met', 'true');
  await expect(tryStep(3)).toHaveAttribute('data-met', 'false');
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(0);
  await tryButton(box, 'GET / ×20');
  await expect(step).toContainText(
    'You predicted: once. What happened: that code ran 1 time (once per process start) for 21 answered requests from 1 process: once. Right.',
  );
  await expect(step).toContainText('Step done');
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(1);
  await expect(sidebarLink(page)).toContainText('(done)');
  // The step panel, its prediction and result pass axe like the rest of the sandbox.
  const { violations } = await new AxeBuilder({ page }).include('#example-once-vs-every').analyze();
  expect(violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.html}`)).toEqual([]);

  await page.goto('/start-here/');
  // A new page with saved progress loads the marks' code on its own.
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(1);
  await expect(guide1.locator('[data-track-state]')).toHaveText(/^done \d{4}-\d\d-\d\d$/);
  await expect(track.locator('[data-guide="guides/state-and-config"] [data-track-state]')).toHaveText('not started');
  await track.getByRole('button', { name: 'Export summary' }).click();
  const summary = track.getByRole('textbox', { name: 'Track summary' });
  await expect(summary).toHaveValue(/^Lifecycle Lab onboarding track: 1 of 5 guides done/);
  await expect(summary).toHaveValue(/\[x\] 1\. Startup vs request \(~\d+ min\): done/);
  await expect(summary).toHaveValue(/\[ \] 2\. State, secrets and config \(~\d+ min\): not started/);
  await expect(summary).toHaveValue(/Predictions: 1 of 1 right before running\./);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await summary.inputValue());

  page.once('dialog', (dialog) => void dialog.accept());
  await track.getByRole('button', { name: 'Reset progress' }).click();
  await expect(guide1.locator('[data-track-state]')).toHaveText('not started');
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(0);
});

// ---- Take it home ------------------------------------------------------------------------------

const RELOAD = '/guides/reload-and-shutdown/';
const WATCH_TITLE = 'node --watch restarts the whole process';

/** The files as the reader's editors hold them now (CodeMirror's document, not the rendered lines). */
async function editorFiles(box: ReturnType<typeof sandbox>, expected: Record<string, string>): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const path of Object.keys(expected)) {
    await box.getByRole('tab', { name: path, exact: true }).click();
    const editor = box.getByRole('textbox', { name: `Edit ${path}` });
    // CodeMirror keeps its view on the content element's tile (EditorView.findFromDOM reads the same).
    files[path] = await editor.evaluate((el) =>
      (el as unknown as { cmTile: { root: { view: { state: { doc: { toString(): string } } } } } }).cmTile.root.view.state.doc.toString(),
    );
  }
  return files;
}

test('Download gives a zip of the editor files with a README; its code loads only on the first press', async ({ page }) => {
  const scripts: string[] = [];
  page.on('response', (r) => r.url().endsWith('.js') && scripts.push(r.url()));
  await page.goto(`${RELOAD}?runtime=local`);
  const box = sandbox(page, WATCH_TITLE);
  await replaceInEditor(box, 'message.js', 'first version', 'taken home version');
  const original = loadExample('watch-restart').files;
  const inEditors = await editorFiles(box, original);
  expect(inEditors['message.js']).toContain('taken home version');
  const before = scripts.length;
  expect(scripts.filter((u) => /\/(download|stackblitz|client-zip|sdk)[.-]/i.test(u))).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent('download'), box.getByRole('button', { name: 'Download these files as a .zip' }).click()]);
  expect(download.suggestedFilename()).toBe('lifecycle-lab-watch-restart.zip');
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const files = Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name.replace(/^lifecycle-lab-watch-restart\//, ''), strFromU8(bytes)]));
  const { 'README.md': readme, 'package.json': pkg, ...code } = files;
  expect(code).toEqual(inEditors);
  expect(readme).toContain('node --watch --watch-preserve-output server.js');
  expect(readme).toContain('curl -s http://127.0.0.1:3000/');
  expect(JSON.parse(pkg!).scripts.start).toBe('node --watch --watch-preserve-output server.js');
  // The zip writer arrived with the press, as a script of its own.
  expect(scripts.slice(before).some((u) => /download/i.test(u))).toBe(true);
});

test('Download whose code cannot load (offline, or a new deploy): a calm notice says so, and the next press downloads', async ({ page }) => {
  let offline = true;
  await page.route(/\/_astro\/download\.[^/]*\.js$/, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(`${RELOAD}?runtime=local`);
  const box = sandbox(page, WATCH_TITLE);
  const button = box.getByRole('button', { name: 'Download these files as a .zip' });
  await button.click();
  await expectCalmNotice(box, 'Download did not work', 'press it again, or reload the page');
  offline = false;
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('lifecycle-lab-watch-restart.zip');
});

test('Open in StackBlitz sends the current files as a node project', async ({ page, context }) => {
  const posts: string[] = [];
  // No network here: the form post to StackBlitz is caught and answered locally, and its body read.
  await context.route(/^https:\/\/stackblitz\.com\//, async (route) => {
    posts.push(route.request().postData() ?? '');
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>caught</title>' });
  });
  await page.goto(`${RELOAD}?runtime=local`);
  const box = sandbox(page, WATCH_TITLE);
  await replaceInEditor(box, 'message.js', 'first version', 'stackblitz version');
  const inEditors = await editorFiles(box, loadExample('watch-restart').files);
  const [popup] = await Promise.all([page.waitForEvent('popup'), box.getByRole('button', { name: 'Open in StackBlitz' }).click()]);
  await popup.waitForLoadState();
  await expect.poll(() => posts.length).toBe(1);
  const form = new URLSearchParams(posts[0]);
  expect(form.get('project[template]')).toBe('node');
  const sent: Record<string, string> = {};
  for (const [key, value] of form) {
    const path = /^project\[files\]\[(.+)\]$/.exec(key)?.[1];
    // An HTML form sends line breaks as CRLF (the SDK posts one); the text is otherwise the editor's.
    if (path) sent[path] = value.replace(/\r\n/g, '\n');
  }
  const { 'README.md': _readme, 'package.json': pkg, ...code } = sent;
  expect(code).toEqual(inEditors);
  expect(JSON.parse(pkg!).scripts.start).toContain('server.js');
});

// ---- Print -------------------------------------------------------------------------------------

test('a guide prints with its code and recorded runs, without the interactive chrome', async ({ page }) => {
  await page.goto('/guides/state-and-config/?runtime=local');
  // Use one sandbox first: a printed page may come from a reader who ran an example (its code is then in editors).
  const box = sandbox(page, 'A module is evaluated once per process');
  await run(box);
  await page.emulateMedia({ media: 'print' });
  const transcript = box.locator('.lab-transcript-output');
  // The loader closes the recorded runs on screen; print shows them.
  await expect(box.locator('details.lab-transcript')).not.toHaveAttribute('open');
  await expect(transcript).toBeVisible();
  await expect(transcript).toContainText('config.js evaluated');
  // Every file of the example, not only the open tab.
  for (const panel of await box.locator('[role="tabpanel"]').all()) await expect(panel).toBeVisible();
  await expect(box.locator('[role="tabpanel"][data-path="routes.js"]')).toContainText('require');
  // (Starlight keeps the site's title at the top of a printed page and hides the rest of its header.)
  for (const chrome of [
    box.getByRole('button', { name: 'Run' }),
    box.getByRole('tablist'),
    page.locator('nav[aria-label="Main"]'),
    page.getByRole('button', { name: 'Search' }),
    page.locator('starlight-toc'),
  ])
    await expect(chrome).toBeHidden();
  // The guide's own text and code blocks stay.
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('.expressive-code').first()).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await expect(transcript).toBeHidden();
});

// ---- Deep links --------------------------------------------------------------------------------

test('a deep link with edits and ?runtime=local lands on the sandbox, focused, and shows the edit as a diff first', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${RELOAD}?runtime=local`);
  const box = sandbox(page, WATCH_TITLE);
  await replaceInEditor(box, 'message.js', 'first version', 'linked version');
  await box.getByRole('button', { name: 'Share' }).click();
  await expect(box.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/guides\/reload-and-shutdown\/\?runtime=local#example-watch-restart~/);

  // Someone else opens it (issue 9's rules: the link's code is shown as a diff and loaded only with
  // the reader's say, and a link's ?runtime=local does not pick the local runtime).
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    const landed = sandbox(other, WATCH_TITLE);
    await expect(landed).toBeFocused();
    await expect(landed).toBeInViewport();
    const banner = landed.getByRole('group', { name: 'Changes from a link' });
    await expect(banner).toContainText('Changes to message.js');
    await expect(banner).toContainText("+ module.exports = 'Hello from the linked version of message.js';");
    await landed.getByRole('tab', { name: 'message.js' }).click();
    await expect(landed.getByRole('textbox', { name: 'Edit message.js' })).toContainText('first version');
    await banner.getByRole('button', { name: 'Load the shared version' }).click();
    await expect(landed.getByRole('textbox', { name: 'Edit message.js' })).toContainText('linked version');
    await expect(landed.getByText('Runs on this machine (local Node)')).toHaveCount(0);
  } finally {
    await fresh.close();
  }
});
