// The live sandbox on the local runtime, driven only by the accessible names of the UI contract:
// run, send, edit and restart, reload, share, reset, burst, stop.
import { test, expect } from '@playwright/test';
import { folderOfPort, processesUnder, replaceInEditor, run, sandbox, send, takeHomeButton } from './helpers.ts';

test('run, send, edit, restart, reload, share, reset, burst and stop', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await expect(box.getByRole('tab', { name: 'server.js' })).toBeVisible();
  await run(box);
  await expect(box.getByText(/Runs on this machine, (sandboxed|with your user's full rights)/)).toBeVisible();

  // Send GET / → 200 and a PID.
  let response = await send(box);
  await expect(response).toContainText('200');
  await expect(response).toContainText(/answered by PID \d+/);

  // Edit the handler's text, Restart, Send: the new text appears.
  await replaceInEditor(box, 'server.js', 'Hello from process', 'Edited hello from process');
  await box.getByRole('button', { name: 'Restart' }).click();
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('running');
  response = await send(box);
  await expect(response).toContainText('Edited hello from process');

  // Reload: the edit is still there.
  await page.reload();
  await expect(box.getByRole('textbox', { name: 'Edit server.js' })).toContainText('Edited hello from process');

  // Share: the link opened in a fresh context shows the edit as a diff, and loads it when asked.
  await box.getByRole('button', { name: 'Share' }).click();
  await expect(box.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('#example-hello~');
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  const shared = sandbox(other, 'Hello server');
  const banner = shared.getByRole('group', { name: 'Changes from a link' });
  await expect(banner).toContainText('This example was changed by a link.');
  await expect(banner).toContainText('+ ');
  await expect(banner).toContainText('Edited hello from process');
  await expect(shared.getByRole('textbox', { name: 'Edit server.js' })).not.toContainText('Edited hello from process');
  await banner.getByRole('button', { name: 'Load the shared version' }).click();
  await expect(shared.getByRole('textbox', { name: 'Edit server.js' })).toContainText('Edited hello from process');
  await fresh.close();

  // Reset: the edit is gone, also after a reload.
  await box.getByRole('button', { name: 'Reset' }).click();
  await expect(box.getByRole('textbox', { name: 'Edit server.js' })).not.toContainText('Edited hello');
  await page.reload();
  await expect(box.getByRole('tabpanel')).toContainText('Hello from process');
  await expect(box.getByRole('tabpanel')).not.toContainText('Edited hello');

  // Send 20 requests → 20 responses.
  await run(box);
  await box.getByRole('button', { name: 'Send 20 requests' }).click();
  const summary = box.getByRole('region', { name: 'Response' });
  await expect(summary).toContainText('20 × GET /');
  await expect(summary).toContainText('200 × 20');

  // Stop → stopped, and no process of this sandbox is left in the OS process list.
  const pidText = await (await send(box)).textContent();
  expect(Number(/answered by PID (\d+)/.exec(pidText ?? '')?.[1])).toBeGreaterThan(0);
  const port = Number(/PORT=(\d+)/.exec((await box.locator('.lab-output').textContent()) ?? '')?.[1]);
  const folder = folderOfPort(port)!;
  expect(folder).toBeTruthy();
  expect(processesUnder(folder).length).toBeGreaterThanOrEqual(2); // the server and the request agent
  await box.getByRole('button', { name: 'Stop' }).click();
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('stopped');
  await expect.poll(() => processesUnder(folder), { timeout: 5000 }).toEqual([]);
  response = await send(box);
  await expect(response).toContainText('not running');
});

test('a damaged share link: a message, and the original is kept', async ({ page }) => {
  await page.goto('/live-examples/?runtime=local#example-hello~N4IgdghgtgpiBcIDGALCAbKBzMIC+Q');
  const box = sandbox(page, 'Hello server');
  await expect(box.getByRole('alert')).toContainText('share link is damaged or incomplete');
  await expect(box.getByRole('textbox', { name: 'Edit server.js' })).toContainText('Hello from process');
});

test('full browser storage: a message, and the edit stays in the editor', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await replaceInEditor(box, 'server.js', 'Hello from process', 'Unsaved hello from process');
  // A warning, not an error: a polite status, not an alert (only errors are alerts).
  await expect(box.getByRole('status').filter({ hasText: 'storage for this site is full' })).toBeVisible();
  await expect(box.getByRole('textbox', { name: 'Edit server.js' })).toContainText('Unsaved hello from process');
  // Run uses the edit even though it could not be saved.
  await run(box);
  await expect(await send(box)).toContainText('Unsaved hello from process');
});

test('Run pressed while the sandbox is still loading is not lost', async ({ page }) => {
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  // A click into the code starts loading the editor; Run follows at once, before it is ready.
  await box.getByRole('tabpanel').dispatchEvent('pointerdown');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
});

// Take-home, where it lands: a README for a terminal (Node 20, as the site says; no sandbox buttons),
// and no dead StackBlitz tab where StackBlitz is out of reach.
for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test.describe(`take-home at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the downloaded README says Node 20 and asks for no sandbox button', async ({ page }) => {
      const { strFromU8, unzipSync } = await import('fflate');
      const { readFileSync } = await import('node:fs');
      await page.goto('/guides/reload-and-shutdown/?runtime=local');
      const box = sandbox(page, 'Drain in-flight requests on SIGTERM');
      const [download] = await Promise.all([page.waitForEvent('download'), (await takeHomeButton(box, 'Download these files as a .zip')).click()]);
      const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
      const readme = strFromU8(Object.entries(zip).find(([name]) => name.endsWith('/README.md'))![1]);
      expect(readme).toContain('With Node 20 or later');
      expect(readme).not.toContain('Node 22');
      expect(readme).not.toMatch(/Press Run|\bRestart\b(?! it \()|processes table/);
      expect(readme).toContain('Start it again with the command above.');
    });

    test('a Python example downloads with lab.py, requirements.txt and a venv README, and offers no StackBlitz', async ({ page }) => {
      const { strFromU8, unzipSync } = await import('fflate');
      const { readFileSync } = await import('node:fs');
      await page.goto('/questions/launch-and-tests/?runtime=local');
      const box = sandbox(page, 'python app.py with uvicorn.run(workers=2): the module runs five times');
      await expect(box.locator('button[data-action="stackblitz"]')).toBeHidden();
      const [download] = await Promise.all([page.waitForEvent('download'), (await takeHomeButton(box, 'Download these files as a .zip')).click()]);
      const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
      const names = Object.keys(zip).map((name) => name.replace(/^[^/]+\//, ''));
      expect(names.sort()).toEqual(['README.md', 'app.py', 'lab.py', 'requirements.txt']);
      const file = (name: string) => strFromU8(Object.entries(zip).find(([n]) => n.endsWith(`/${name}`))![1]);
      expect(file('requirements.txt')).toMatch(/^fastapi==\S+\n(.+==\S+\n)+$/);
      expect(file('README.md')).toContain('pip install -r requirements.txt\nPORT=3000 python app.py\n');
    });

    test('Open in StackBlitz where StackBlitz did not load says so, opens no tab, and offers the files', async ({ page, context }) => {
      await page.goto(`http://localhost:${process.env.LAB_E2E_STANDIN_PORT}/live-examples/?runtime=webcontainer&wcfault=boot-hang&wcboot=2000`);
      const box = sandbox(page, 'Hello server');
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(box.getByRole('status', { name: 'Status' })).toContainText('unavailable', { timeout: 15_000 });
      let tabs = 0;
      context.on('page', () => tabs++);
      await (await takeHomeButton(box, /Open in StackBlitz/)).click();
      const notice = box.locator('[data-notice]');
      await expect(notice).toContainText('StackBlitz did not load here earlier in this browser session');
      await expect(notice).toContainText('a new StackBlitz tab would most likely stay blank');
      await expect(notice.getByRole('button', { name: 'Download the files instead' })).toBeFocused();
      await expect(box.getByRole('alert')).toHaveCount(0);
      await page.waitForTimeout(500);
      expect(tabs).toBe(0);
      await page.screenshot({ path: `/tmp/shots-22/9-stackblitz-offline-${viewport.width}.png` });
    });
  });
}
