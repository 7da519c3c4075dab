// The reader rules of DESIGN.md ("UI contract"), checked the way a reader meets them: on a 1280×800
// laptop and a 390×844 touch phone, with a pointer and with the keyboard only.
import { test, expect, type Locator } from '@playwright/test';
import { processRows, READER_SIZES, replaceInEditor, run, sandbox } from './helpers.ts';

/** The WebContainer stand-in build (e2e/playwright.config.ts), where boot faults are switched on by URL. */
const STANDIN = `http://localhost:${process.env.LAB_E2E_STANDIN_PORT}`;

const GUIDE = '/guides/startup-vs-request/?runtime=local';
const TITLE = 'Startup once, handler every time';

const sizes = READER_SIZES;

/** Scroll so that Run sits `fraction` of the way down the viewport, as a reader who scrolled to it. */
async function placeRun(box: Locator, fraction: number): Promise<void> {
  const runButton = box.getByRole('button', { name: 'Run', exact: true });
  await runButton.scrollIntoViewIfNeeded();
  await runButton.evaluate((el, f) => window.scrollBy({ top: el.getBoundingClientRect().top - window.innerHeight * f, behavior: 'instant' }), fraction);
}

/** Whether the element's box lies inside the viewport and below the page's sticky header. */
function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const covered = Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    return r.top >= covered - 24 && r.bottom <= window.innerHeight && r.height > 0;
  });
}

for (const size of sizes) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, hasTouch: size.hasTouch, isMobile: size.hasTouch });

    test('after Run the status and the first output are in view, and Run did not move', async ({ page }) => {
      await page.goto(GUIDE);
      const box = sandbox(page, TITLE);
      const runButton = box.getByRole('button', { name: 'Run', exact: true });
      // Low on the screen, where a reader who just finished the code presses it.
      await placeRun(box, 0.75);
      const before = await runButton.boundingBox();
      // Record where Run is at pointerdown and at click: nothing may move in between.
      await runButton.evaluate((el) => {
        const at = (name: string) =>
          el.addEventListener(name, () => ((window as never as Record<string, number>)[name] = el.getBoundingClientRect().top), { once: true });
        at('pointerdown');
        at('click');
      });
      if (size.hasTouch) await runButton.tap();
      else await runButton.click();
      const [down, click] = await page.evaluate(() => [
        (window as never as Record<string, number>).pointerdown,
        (window as never as Record<string, number>).click,
      ]);
      expect(down).toBeDefined();
      expect(click).toBe(down);

      const status = box.getByRole('status', { name: 'Status' });
      await expect(status).toContainText('running', { timeout: 30_000 });
      const output = box.getByRole('log', { name: 'Output' });
      await expect(output).toContainText('listening on');
      expect(await inViewport(status)).toBe(true);
      // The first printed line is on screen.
      const firstLineBox = await output.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const rect = range.getClientRects()[0]!;
        return { top: rect.top, bottom: rect.bottom, height: window.innerHeight };
      });
      expect(firstLineBox.top).toBeGreaterThan(0);
      expect(firstLineBox.bottom).toBeLessThanOrEqual(firstLineBox.height);
      // Activation swapped the static code for an editor of the same height: the page scrolled at
      // most to reveal the output, never past the sandbox.
      const after = await runButton.boundingBox();
      expect(after!.y).toBeLessThanOrEqual(before!.y + 2);
      expect(await inViewport(runButton)).toBe(true);
    });

    test('after Restart the status, the Output and Send are in view', async ({ page }) => {
      await page.goto(GUIDE);
      const box = sandbox(page, TITLE);
      await run(box);
      // The reader edits the code above, then presses Restart low on the screen.
      await placeRun(box, 0.8);
      await box.getByRole('button', { name: 'Restart' }).click();
      const status = box.getByRole('status', { name: 'Status' });
      await expect(status).toContainText('running', { timeout: 30_000 });
      const output = box.getByRole('log', { name: 'Output' });
      await expect(output.getByText('› stopped')).toBeVisible();
      expect(await inViewport(status)).toBe(true);
      // The Output's box, with the new run's lines (it scrolls inside itself).
      expect(await inViewport(output)).toBe(true);
      // The next action: the request panel comes right under the Output, the guide's steps below it.
      expect(await inViewport(box.getByRole('button', { name: 'Send', exact: true }))).toBe(true);
      await page.screenshot({ path: `/tmp/shots-22/1-restart-${size.viewport.width}.png` });
    });

    test('the toolbar does not move when the edit state changes', async ({ page }) => {
      await page.goto('/live-examples/?runtime=local');
      const box = sandbox(page, 'Hello server');
      await run(box);
      const toolbar = box.locator('.lab-toolbar');
      const places = () =>
        toolbar.getByRole('button').evaluateAll((buttons) =>
          buttons.map((b) => {
            const r = b.getBoundingClientRect();
            return `${b.textContent} ${Math.round(r.left)},${Math.round(r.top - b.closest('.lab-toolbar')!.getBoundingClientRect().top)} ${Math.round(r.width)}`;
          }),
        );
      const before = await places();
      await replaceInEditor(box, 'server.js', 'Hello from process', 'Edited hello from process');
      const state = box.getByRole('status').filter({ hasText: 'edited: press Restart to apply' });
      await expect(state).toBeVisible();
      expect(await places()).toEqual(before);
      await page.screenshot({ path: `/tmp/shots-22/7-edited-${size.viewport.width}.png` });
      await box.getByRole('button', { name: 'Restart' }).click();
      await expect(state).toBeHidden();
      expect(await places()).toEqual(before);
    });

    test('Kill keeps focus, is named by role, and a killed primary is said to be the reader’s doing', async ({ page }) => {
      await page.goto('/guides/deployment/?runtime=local');
      const box = sandbox(page, 'Kill a worker: the pool shrinks');
      await run(box);
      const processes = box.getByRole('table', { name: 'Processes' });
      // Folded until asked on a phone, open on a laptop.
      if (!(await processes.isVisible())) await box.getByText('Processes, timeline and lifecycle events').click();
      await expect.poll(async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening').length).toBe(2);
      const [worker] = (await processRows(box)).filter((r) => r.role === 'worker').map((r) => r.pid);
      const primary = (await processRows(box)).find((r) => r.role === 'primary')!.pid;
      const killWorker = processes.getByRole('button', { name: `Kill worker ${worker}`, exact: true });
      await expect(processes.getByRole('button', { name: `Kill primary ${primary}: ends the server`, exact: true })).toBeVisible();
      // Keyboard: Enter on the worker's Kill; its row's button goes, focus does not drop to <body>.
      await killWorker.focus();
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await processRows(box)).find((r) => r.pid === worker)?.state).toContain('exited');
      await expect(killWorker).toHaveCount(0);
      expect(await page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);
      await expect(box.getByText(`You sent SIGTERM to worker ${worker}.`)).toBeVisible();
      // The primary, on purpose: stopped by the reader, and what 143 means; not "crashed … fix the code".
      await processes.getByRole('button', { name: `Kill primary ${primary}: ends the server` }).click();
      const status = box.getByRole('status', { name: 'Status' });
      await expect(status).toContainText(`stopped (you sent SIGTERM to process ${primary} with Kill`);
      await expect(status).toContainText('exit code 143 = 128 + 15');
      await expect(status).not.toContainText('fix the code');
      expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
      await page.screenshot({ path: `/tmp/shots-22/5-kill-${size.viewport.width}.png` });
      // The next run's table shows its own processes; the earlier run's rows are folded.
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(status).toContainText('running', { timeout: 30_000 });
      await expect.poll(async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening').length).toBe(2);
      await expect(processes.getByRole('row', { name: new RegExp(`^${primary} `) })).toBeHidden();
      const fold = box.getByRole('button', { name: /^Show 3 processes of earlier runs$/ });
      await expect(fold).toHaveAttribute('aria-expanded', 'false');
      await fold.click();
      await expect(processes.getByRole('row', { name: new RegExp(`^${primary} `) })).toBeVisible();
    });

    test('Predict keeps focus, and a prediction made while the server runs says to Restart', async ({ page }) => {
      await page.goto(GUIDE);
      const box = sandbox(page, TITLE);
      await run(box);
      const step = box.getByRole('group', { name: 'Track step: Startup vs request' });
      await step.getByRole('radio', { name: 'once' }).check();
      const predict = step.getByRole('button', { name: 'Predict' });
      await predict.focus();
      await page.keyboard.press('Enter');
      await expect(step.getByRole('radio', { name: 'per worker' })).toBeDisabled();
      await expect(predict).toBeFocused();
      await expect(step).toContainText('A server is already running from before your prediction: press Restart');
      await page.screenshot({ path: `/tmp/shots-22/2-predict-${size.viewport.width}.png` });
    });

    test('the prediction comes before the first Run, in the static sandbox; the run after it is compared, and the steps get ✓', async ({ page }) => {
      await page.goto(GUIDE);
      const box = sandbox(page, TITLE);
      const step = box.getByRole('group', { name: 'Track step: Startup vs request' });
      // Nothing has loaded or run yet: the question is there, with the steps that count.
      await expect(step).toContainText('steps 1, 2 and 3 below count');
      await expect(box.getByRole('status', { name: 'Status' })).toContainText('Not started');
      await step.getByRole('radio', { name: 'per request' }).check();
      const predict = step.getByRole('button', { name: 'Predict' });
      await predict.focus();
      await page.keyboard.press('Enter');
      await expect(predict).toBeFocused();
      await expect(step.getByRole('radio', { name: 'once' })).toBeDisabled();
      await expect(step).toContainText('You predicted: per request. Now press Run');
      await page.screenshot({ path: `/tmp/shots-22/2-predict-static-${size.viewport.width}.png` });
      await run(box);
      const items = box
        .getByRole('group')
        .filter({ has: page.getByText('Try this', { exact: true }) })
        .getByRole('listitem');
      await expect(items.nth(0)).toHaveAttribute('data-met', 'true');
      await box.getByRole('button', { name: /^Try GET \/(:|$)/ }).click();
      await expect(items.nth(1)).toHaveAttribute('data-met', 'true');
      await box.getByRole('button', { name: /^Try GET \/ ×20/ }).click();
      await expect(step).toContainText(
        'You predicted: per request. What happened: that code ran 1 time (once per process start) for 21 answered requests from 1 process: once. Not what you predicted',
      );
      await expect(items.nth(2)).toHaveAttribute('data-met', 'true');
      await expect(items.nth(2)).toContainText('(done)');
      await items.nth(0).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/shots-22/6-ticked-steps-${size.viewport.width}.png` });
    });

    test('during the boot a status is in view', async ({ page }) => {
      await page.goto(GUIDE);
      const box = sandbox(page, TITLE);
      await placeRun(box, 0.85);
      const status = box.getByRole('status', { name: 'Status' });
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      // Whatever it says first (loading, booting, starting), it is on screen.
      await expect(status).not.toContainText('Not started');
      expect(await inViewport(status)).toBe(true);
      await expect(status).toContainText('running', { timeout: 30_000 });
    });
  });
}

for (const size of sizes) {
  test.describe(`${size.name}, WebContainer blocked`, () => {
    test.use({ viewport: size.viewport, hasTouch: size.hasTouch, isMobile: size.hasTouch, baseURL: STANDIN });

    test('a failed boot brings its notice and the start of the recorded run into view; the next page does not wait again', async ({ page }) => {
      test.setTimeout(60_000);
      await page.goto('/guides/startup-vs-request/?runtime=webcontainer&wcfault=boot-hang&wcboot=6000');
      const box = sandbox(page, TITLE);
      await placeRun(box, 0.7);
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      const notice = box.locator('[data-notice]');
      await expect(notice).toContainText('Giving up in');
      await expect(box.getByRole('status', { name: 'Status' })).toContainText('unavailable', { timeout: 15_000 });
      await expect(notice).toContainText('did not start within 6 s');
      const transcript = box.locator('details[data-transcript]');
      await expect(transcript).toHaveAttribute('open', '');
      // The notice's first line and the recorded run's title are both on screen.
      expect(await inViewport(notice.locator('p').first())).toBe(true);
      expect(await inViewport(transcript.locator('summary'))).toBe(true);
      await page.screenshot({ path: `/tmp/shots-22/4-failed-boot-${size.viewport.width}.png` });
      // A second page in the same browser session goes straight to the recorded run, with Try again.
      await page.goto('/live-examples/?runtime=webcontainer&wcfault=boot-hang&wcboot=6000');
      const hello = sandbox(page, 'Hello server');
      const started = Date.now();
      await hello.getByRole('button', { name: 'Run', exact: true }).click();
      const again = hello.locator('[data-notice]');
      await expect(again).toContainText('did not start earlier in this browser session', { timeout: 2_000 });
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(hello.locator('details[data-transcript]')).toHaveAttribute('open', '');
      expect(await inViewport(hello.locator('details[data-transcript] summary'))).toBe(true);
      await expect(hello.getByRole('alert')).toHaveCount(0);
      await page.screenshot({ path: `/tmp/shots-22/3-second-page-${size.viewport.width}.png` });
      // Try again really waits again (the fault still holds: it fails after the timeout once more).
      const tryAgain = again.getByRole('button', { name: 'Try again' });
      await tryAgain.click();
      await expect(hello.getByRole('status', { name: 'Status' })).toContainText('starting the runtime');
      await expect(again).toContainText('did not start within 6 s', { timeout: 15_000 });
    });

    test('a network that blocks StackBlitz is found by a quick check, in seconds, not after the whole wait', async ({ page }) => {
      // The boot would hang for 30 s; the check's request to the host is refused at once.
      await page.goto('/guides/startup-vs-request/?runtime=webcontainer&wcfault=boot-hang,unreachable&wcboot=30000');
      const box = sandbox(page, TITLE);
      await placeRun(box, 0.7);
      const started = Date.now();
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(box.getByRole('status', { name: 'Status' })).toContainText('unavailable', { timeout: 12_000 });
      expect(Date.now() - started).toBeLessThan(12_000);
      const notice = box.locator('[data-notice]');
      await expect(notice).toContainText('this browser could not reach 127.0.0.1:9 (a quick check failed after');
      await expect(box.locator('details[data-transcript]')).toHaveAttribute('open', '');
      expect(await inViewport(notice.locator('p').first())).toBe(true);
      await page.screenshot({ path: `/tmp/shots-22/3-quick-check-${size.viewport.width}.png` });
      // Try again waits the whole time (the check may be wrong where the boot works): still
      // "starting the runtime" after the check's time has passed.
      await notice
        .getByRole('button', { name: /Try again|Retry/ })
        .first()
        .click();
      await expect(box.getByRole('status', { name: 'Status' })).toContainText('starting the runtime');
      await page.waitForTimeout(8_000);
      await expect(box.getByRole('status', { name: 'Status' })).toContainText('starting the runtime');
    });

    test('"Run on this machine instead" comes back to the sandbox, runs it, and shows its status and Output', async ({ page }) => {
      await page.goto('/guides/startup-vs-request/?wcfault=boot-hang&wcboot=20000');
      const box = sandbox(page, TITLE);
      await placeRun(box, 0.7);
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      await box.locator('[data-notice]').getByRole('button', { name: 'Run on this machine instead' }).click();
      await page.waitForURL(/runtime=local/);
      const status = box.getByRole('status', { name: 'Status' });
      await expect(status).toContainText('running', { timeout: 30_000 });
      await expect(box.locator('[data-runtime-text]')).toContainText('Runs on this machine');
      expect(await inViewport(status)).toBe(true);
      expect(await inViewport(box.getByRole('log', { name: 'Output' }))).toBe(true);
      expect(await inViewport(box.getByRole('button', { name: 'Send', exact: true }))).toBe(true);
      await page.screenshot({ path: `/tmp/shots-22/1-run-here-${size.viewport.width}.png` });
    });
  });
}

test('the editor keeps the static view height and scrolls on its own', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(GUIDE);
  const box = sandbox(page, TITLE);
  const panel = box.getByRole('tabpanel');
  const staticHeight = (await panel.boundingBox())!.height;
  await panel.click();
  const editor = box.getByRole('textbox', { name: 'Edit server.js' });
  await expect(editor).toBeVisible();
  const editorHeight = (await panel.boundingBox())!.height;
  expect(Math.abs(editorHeight - staticHeight)).toBeLessThanOrEqual(2);
  const scroller = panel.locator('.cm-scroller');
  expect(await scroller.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
});

/** True when the element's font draws narrow and wide letters equally wide: monospace in fact, not in name. */
function isMonospace(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const style = getComputedStyle(el);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontSize} ${style.fontFamily}`;
    return Math.abs(context.measureText('iiiiiiii').width - context.measureText('MMMMMMMM').width) < 0.5;
  });
}

test('code is monospace everywhere: editor, suggestion chips, Body box and share link', async ({ page }) => {
  await page.goto(GUIDE);
  const box = sandbox(page, TITLE);
  await run(box);
  // After Run the code is still the static view (the editor loads on a click into it): monospace too.
  const code = box.getByRole('tabpanel', { name: 'server.js' }).locator('pre');
  expect(await isMonospace(code)).toBe(true);
  await code.click();
  const editor = box.getByRole('textbox', { name: 'Edit server.js' });
  expect(await editor.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
  expect(await isMonospace(editor)).toBe(true);
  expect(await isMonospace(box.getByRole('button', { name: /^Try GET \/(:|$)/ }))).toBe(true);
  // The Body box is there for the methods that send one.
  await expect(box.getByRole('textbox', { name: 'Body' })).toBeHidden();
  await box.getByRole('combobox', { name: 'Method' }).selectOption('POST');
  expect(await isMonospace(box.getByRole('textbox', { name: 'Body' }))).toBe(true);
  expect(await isMonospace(box.getByRole('textbox', { name: 'Path' }))).toBe(true);
  // Without clipboard permission the link is shown in a box to copy by hand.
  await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } }));
  await box.getByRole('button', { name: 'Share' }).click();
  expect(await isMonospace(box.getByRole('textbox', { name: 'Share link' }))).toBe(true);
});

test('keyboard only: the editor says how to leave it, and Esc then Tab leads out', async ({ page }) => {
  await page.goto(GUIDE);
  const box = sandbox(page, TITLE);
  // Tab into the static code: that activates the sandbox and puts the caret in the editor.
  await box.getByRole('tab', { name: 'server.js' }).focus();
  await page.keyboard.press('Tab');
  const editor = box.getByRole('textbox', { name: 'Edit server.js' });
  await expect(editor).toBeFocused();
  const hint = box.getByRole('tabpanel').getByText('Press Esc then Tab to leave the editor');
  await expect(hint).toBeVisible();
  await expect(editor).toHaveAccessibleDescription('Press Esc then Tab to leave the editor');
  // Tab alone indents (and, whitespace only, is not saved as an edit) ...
  await page.keyboard.press('Tab');
  await expect(editor).toBeFocused();
  // ... Esc then Tab moves on, and the hint goes away.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(editor).not.toBeFocused();
  expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
  await expect(hint).toBeHidden();
  // The indentation Tab inserted was not saved; a real edit is.
  const saved = () => page.evaluate(() => localStorage.getItem('lifecycle-lab:edits:once-vs-every'));
  await page.waitForTimeout(600); // past the editor's save delay
  expect(await saved()).toBeNull();
  await editor.focus();
  await page.keyboard.type('// mine');
  await expect.poll(saved).toContain('// mine');
});

test('keyboard only: focus stays on a control after Run and after Stop', async ({ page }) => {
  await page.goto(GUIDE);
  const box = sandbox(page, TITLE);
  const runButton = box.getByRole('button', { name: 'Run', exact: true });
  const stopButton = box.getByRole('button', { name: 'Stop' });
  await runButton.focus();
  await page.keyboard.press('Enter');
  const status = box.getByRole('status', { name: 'Status' });
  await expect(status).toContainText('running', { timeout: 30_000 });
  // Run is unavailable now, yet still holds focus (aria-disabled, not disabled): nothing dropped to <body>.
  await expect(runButton).toBeFocused();
  await expect(runButton).toBeDisabled();
  // Enter on the unavailable Run does nothing.
  await page.keyboard.press('Enter');
  await expect(status).toContainText('running');
  await page.keyboard.press('Tab');
  await expect(stopButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status).toContainText('stopped');
  await expect(stopButton).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(runButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status).toContainText('running', { timeout: 30_000 });
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Run');
});

test.describe('phone 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a phone-sized sandbox: steps inside, processes collapsed until asked, 44 px touch targets', async ({ page }) => {
    await page.goto(GUIDE);
    const box = sandbox(page, TITLE);
    // The guide's "Try this" steps are inside the sandbox they use.
    const steps = box.getByRole('group').filter({ has: page.getByText('Try this', { exact: true }) });
    await expect(steps.getByRole('listitem').first()).toContainText('Press Run');
    await box.getByRole('button', { name: 'Run', exact: true }).tap();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
    const processes = box.getByRole('table', { name: 'Processes' });
    await expect(processes).toBeHidden();
    await box.getByText('Processes, timeline and lifecycle events').tap();
    await expect(processes).toBeVisible();
    const kill = processes.getByRole('button', { name: /^Kill \w+ \d+/ }).first();
    for (const target of [box.getByRole('combobox', { name: 'Runtime' }), kill, box.getByRole('button', { name: 'Run', exact: true })]) {
      const size = (await target.boundingBox())!;
      expect(size.height).toBeGreaterThanOrEqual(44);
      expect(size.width).toBeGreaterThanOrEqual(44);
    }
  });
});

test.describe('phone 390×844, take-home', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the take-home buttons fold behind one Share ▾ button, so the toolbar is one row; Esc closes it', async ({ page }) => {
    await page.goto(GUIDE);
    const box = sandbox(page, TITLE);
    const toggle = box.getByRole('button', { name: 'Share, copy link, open in StackBlitz or download' });
    const download = box.getByRole('button', { name: 'Download these files as a .zip' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(download).toBeHidden();
    // Run to Share ▾ in one row.
    const tops = await Promise.all(
      ['Run', 'Stop', 'Restart', 'Reset'].map(async (name) => (await box.getByRole('button', { name, exact: true }).boundingBox())!.y),
    );
    tops.push((await toggle.boundingBox())!.y);
    expect(new Set(tops).size).toBe(1);
    await toggle.tap();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    for (const name of ['Share', 'Copy link to this example', 'Open in StackBlitz', 'Download these files as a .zip'])
      await expect(box.getByRole('button', { name, exact: true })).toBeVisible();
    await page.screenshot({ path: '/tmp/shots-22/6-take-home-390.png' });
    await download.focus();
    await page.keyboard.press('Escape');
    await expect(download).toBeHidden();
    await expect(toggle).toBeFocused();
  });
});

test.describe('phone 390×844, running', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  // The sandbox, and the two whose steps are longest.
  for (const [guide, title] of [
    [GUIDE, TITLE],
    ['/guides/state-and-config/?runtime=local', 'Two workers, two counters'],
    ['/guides/state-and-config/?runtime=local', 'A secret read at import'],
  ] as const)
    test(`a running sandbox on a phone is at most two screens, Send within the first, code and output boxes capped: ${title}`, async ({ page }) => {
      await page.goto(guide);
      const box = sandbox(page, title);
      await box.getByRole('button', { name: 'Run', exact: true }).tap();
      await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
      const sizes = await box.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const send = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Send')!.getBoundingClientRect();
        const code = el.querySelector('[role="tabpanel"]:not([hidden])')!.getBoundingClientRect();
        return { toSend: Math.round(send.bottom - top), whole: Math.round(el.getBoundingClientRect().height), code: Math.round(code.height) };
      });
      console.log(`phone sandbox ${title}: top to Send ${sizes.toSend} px, whole ${sizes.whole} px, code ${sizes.code} px`);
      expect(sizes.code).toBeLessThanOrEqual(16 * 16 + 2);
      expect(await box.getByRole('log', { name: 'Output' }).evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(9 * 16 + 2);
      // Issue 22's goal: the whole running sandbox, output, requests and the guide's steps included,
      // in at most two phone screens (it was 2,729 px); Send within the first.
      expect(sizes.whole).toBeLessThanOrEqual(2 * 844);
      expect(sizes.toSend).toBeLessThanOrEqual(844);
    });
});

test('an edit asks for a Restart, and restored edits say so, next to Reset', async ({ page }) => {
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await run(box);
  const restart = box.getByRole('button', { name: 'Restart' });
  await replaceInEditor(box, 'server.js', 'Hello from process', 'Edited hello from process');
  const state = box.getByRole('status').filter({ hasText: 'edited: press Restart to apply' });
  await expect(state).toBeVisible();
  await expect(restart).toHaveClass(/lab-attention/);
  await expect(restart).toHaveAccessibleDescription('edited: press Restart to apply');
  await restart.click();
  await expect(state).toBeHidden();
  await expect(restart).not.toHaveClass(/lab-attention/);
  // After a reload the saved edit is back, and the sandbox says so beside Reset.
  await page.reload();
  const restored = box.getByText('Showing your saved edits');
  await expect(restored).toBeVisible();
  const [resetBox, restoredBox] = [await box.getByRole('button', { name: 'Reset' }).boundingBox(), await restored.boundingBox()];
  expect(Math.abs(resetBox!.y + resetBox!.height / 2 - (restoredBox!.y + restoredBox!.height / 2))).toBeLessThan(12);
  await box.getByRole('button', { name: 'Reset' }).click();
  await expect(restored).toBeHidden();
});

test('only errors are alerts: "Link copied" and a storage warning are polite statuses', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => {
    // Storage that reads but cannot write: the sandbox warns when it saves an edit.
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await box.getByRole('button', { name: 'Share' }).click();
  await expect(box.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  await expect(box.getByRole('alert')).toHaveCount(0);
  await replaceInEditor(box, 'server.js', 'Hello from process', 'Edited hello from process');
  await expect(box.getByRole('status').filter({ hasText: 'storage for this site is full' })).toBeVisible();
  await expect(box.getByRole('alert')).toHaveCount(0);
  // An error is an alert (the damaged share link of sandbox.spec.ts).
  await page.goto('/live-examples/?runtime=local#example-hello~N4IgdghgtgpiBcIDGALCAbKBzMIC+Q');
  await page.reload(); // the goto above changed only the fragment
  await expect(box.getByRole('alert')).toContainText('share link is damaged');
});

test('a burst of 20 requests is announced once, as a summary', async ({ page }) => {
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await run(box);
  // Record every change inside a live region of the sandbox from here on. The Output log is left
  // out: it is a log, and the server prints what it prints.
  await box.evaluate((root) => {
    const seen: string[] = [];
    (window as never as { announcements: string[] }).announcements = seen;
    const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
    new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target instanceof Element ? record.target : record.target.parentElement;
        const region = node?.closest(live);
        if (!region || !root.contains(region) || region.getAttribute('aria-label') === 'Output') continue;
        seen.push(region.textContent ?? '');
      }
    }).observe(root, { childList: true, characterData: true, subtree: true });
  });
  await box.getByRole('button', { name: 'Send 20 requests' }).click();
  await expect(box.getByRole('group', { name: 'Burst summary' })).toBeVisible();
  await expect(box.getByRole('region', { name: 'Response' })).toHaveAttribute('aria-busy', 'false');
  await page.waitForTimeout(300);
  const announcements = await page.evaluate(() => (window as never as { announcements: string[] }).announcements);
  expect(announcements).toEqual(['20 answered by 1 process.']);
});

test('the timeline reads: 12 px text or more, a legend for cut idle time, one mark per process per burst, a sticky events header', async ({ page }) => {
  await page.goto('/guides/state-and-config/?runtime=local');
  const box = sandbox(page, 'Two workers, two counters');
  await run(box);
  await expect.poll(async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening').length).toBe(2);
  await page.waitForTimeout(1200); // an idle stretch the timeline cuts out
  await box.getByRole('button', { name: 'Send 20 requests' }).click();
  await expect(box.getByRole('group', { name: 'Burst summary' })).toBeVisible();
  const timeline = box.locator('.lab-tl-scroll svg');
  await expect(timeline.locator('.lab-tl-burst-count')).toHaveCount(2); // one mark per worker
  await expect(box.getByText('idle time cut out')).toBeVisible();
  const sizes = await box
    .locator('.lab-tl-scroll text, .lab-tl-legend li, .lab-tl-label, .lab-tl-events td')
    .evaluateAll((els) => els.map((e) => Number.parseFloat(getComputedStyle(e).fontSize)));
  expect(sizes.length).toBeGreaterThan(10);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  // Scroll the events: their column headers stay at the top of the box.
  const events = box.getByRole('table', { name: 'Lifecycle events' });
  const header = events.getByRole('columnheader').first();
  const before = (await header.boundingBox())!.y;
  await events.evaluate((table) => table.parentElement!.scrollBy(0, 200));
  await expect.poll(async () => Math.abs((await header.boundingBox())!.y - before)).toBeLessThan(2);
  expect(await events.evaluate((table) => table.parentElement!.scrollTop)).toBeGreaterThan(0);
});

test('the editor keeps a Copy button, the Output has a placeholder, and the runtime select does not echo the label', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await box.getByRole('tabpanel').click();
  await expect(box.getByRole('textbox', { name: 'Edit server.js' })).toBeVisible();
  await expect(box.getByRole('log', { name: 'Output' })).toHaveAttribute('data-placeholder', /Nothing printed yet/);
  await box.getByRole('tabpanel').getByRole('button', { name: 'Copy to clipboard' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Hello from process');
  const label = await box.getByText(/^Runs /).textContent();
  const choice = await box.getByRole('combobox', { name: 'Runtime' }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent!);
  expect(label).not.toContain(choice);
});
