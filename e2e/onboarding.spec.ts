// The onboarding track, deep links, take-home and print, driven as a reader would in Chromium.
import { test, expect, type Page } from '@playwright/test';
import { sandbox, run } from './helpers.ts';

const GUIDE = '/guides/startup-vs-request/';
const TITLE = 'Startup once, handler every time';

async function tryButton(box: ReturnType<typeof sandbox>, label: string): Promise<void> {
  await box.getByRole('button', { name: new RegExp(`^Try ${label.replace(/[/×]/g, '\\$&')}:`) }).click();
  await expect(box.getByRole('region', { name: 'Response' })).toHaveAttribute('aria-busy', 'false');
}

const sidebarLink = (page: Page) => page.locator('nav[aria-label="Main"] a[href$="/guides/startup-vs-request/"]');

test('the track marks a guide done only after its steps are done in the sandbox, and exports and resets', async ({ page, context }) => {
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
  await expect(step.getByRole('listitem').filter({ hasText: 'Run the example' })).toHaveAttribute('data-met', 'false');
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(0);

  // Predict, then run and send again: now it counts.
  await step.getByRole('radio', { name: 'once' }).check();
  await step.getByRole('button', { name: 'Predict' }).click();
  await expect(step.getByRole('radio', { name: 'per worker' })).toBeDisabled();
  await box.getByRole('button', { name: 'Restart' }).click();
  await expect(step.getByRole('listitem').filter({ hasText: 'Run the example' })).toHaveAttribute('data-met', 'true');
  await tryButton(box, 'GET /');
  await expect(step).toContainText('(1 so far)');
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(0);
  await tryButton(box, 'GET / ×20');
  await expect(step).toContainText('You predicted: once. What happened: 1 start of that code for 21 answered requests from 1 process: once. Right.');
  await expect(step).toContainText('Step done');
  await expect(sidebarLink(page).locator('.lab-track-mark')).toHaveCount(1);
  await expect(sidebarLink(page)).toContainText('(done)');

  await page.goto('/start-here/');
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
