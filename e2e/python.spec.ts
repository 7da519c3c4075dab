// Python sandboxes in the page. On the local runtime: the real gunicorn runs, the processes table shows
// the master (as the primary) and its workers, and Kill gets a new worker PID. On the WebContainer
// runtime (the stand-in build): Run is refused with the reason, and Replay plays the recorded run.
import { test, expect } from '@playwright/test';
import { processRows, run, sandbox } from './helpers.ts';

const GUNICORN = 'FastAPI under gunicorn -w 2 (UvicornWorker): master and workers';

test('gunicorn -w 2 runs on the local runtime; a killed worker gets a new PID that imports the app again', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guides/forking-vs-spawning/?runtime=local');
  const box = sandbox(page, GUNICORN);
  await run(box);
  const listening = async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening');
  await expect.poll(async () => (await listening()).length, { timeout: 30_000 }).toBe(2);
  expect((await processRows(box)).filter((r) => r.role === 'primary')).toHaveLength(1);
  const before = (await listening()).map((r) => r.pid);
  await box.getByRole('combobox', { name: 'Kill sends' }).selectOption('SIGKILL');
  await box.getByRole('button', { name: `Kill worker ${before[0]}` }).click();
  await expect.poll(async () => (await processRows(box)).find((r) => r.pid === before[0])?.state).toContain('exited');
  await expect.poll(async () => (await listening()).filter((r) => !before.includes(r.pid)).length, { timeout: 30_000 }).toBe(1);
  const fresh = (await listening()).find((r) => !before.includes(r.pid))!.pid;
  const output = box.getByRole('log', { name: 'Output' });
  await expect(output).toContainText(`Worker (pid:${before[0]}) was sent SIGKILL! Perhaps out of memory?`);
  await expect(output).toContainText(`module scope ran in pid ${fresh}`);
  await box.getByRole('button', { name: 'Stop', exact: true }).click();
});

test("gunicorn's master row sends HUP (new workers import again) and TTIN (one more), and says what each does", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guides/reload-and-shutdown/?runtime=local');
  const box = sandbox(page, "gunicorn's master: HUP, TTIN, TTOU, TERM");
  await run(box);
  const listening = async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening').map((r) => r.pid);
  await expect.poll(async () => (await listening()).length, { timeout: 30_000 }).toBe(2);
  const first = await listening();
  const master = (await processRows(box)).find((r) => r.role === 'primary')!.pid;
  const signal = box.getByRole('combobox', { name: `Signal for the master, ${master}` });
  await expect(signal.locator('option', { hasText: 'HUP: reload' })).toHaveCount(1);
  await signal.selectOption('SIGHUP');
  const send = box.getByRole('button', { name: `Send the signal to master ${master}` });
  await send.click();
  await expect(box.getByText(`You sent SIGHUP to primary ${master}, the gunicorn master: reload`)).toBeVisible();
  await expect(send).toBeFocused();
  await expect.poll(async () => (await listening()).filter((pid) => !first.includes(pid)).length, { timeout: 30_000 }).toBe(2);
  const output = box.getByRole('log', { name: 'Output' });
  await expect(output).toContainText('Hang up: Master');
  await signal.selectOption('SIGTTIN');
  await send.click();
  await expect.poll(async () => (await listening()).length, { timeout: 30_000 }).toBe(3);
  await box.getByRole('button', { name: 'Stop', exact: true }).click();
});

test.describe('on the WebContainer runtime', () => {
  test.use({ baseURL: `http://localhost:${process.env.LAB_E2E_STANDIN_PORT}` });

  test('automatic choice under npm start: a Python sandbox runs live on this machine while the Node sandboxes use WebContainer', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/guides/startup-vs-request/');
    const py = sandbox(page, 'FastAPI: module scope, lifespan, handler (one uvicorn)');
    await run(py);
    await expect(py).toContainText('Runs on this machine');
    await expect(py.locator('.lab-output')).toContainText('lifespan startup ran in pid');
    await expect(py).not.toContainText('Python examples run live only when you serve the site yourself');
    const node = sandbox(page, 'Startup once, handler every time');
    await run(node);
    await expect(node).toContainText('Runs in your browser (WebContainer)');
    await py.getByRole('button', { name: 'Stop', exact: true }).click();
    await node.getByRole('button', { name: 'Stop', exact: true }).click();
  });

  test('Run is refused with the reason; Replay plays the recorded run through the processes table and timeline', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto('/guides/reload-and-shutdown/?runtime=webcontainer');
    const box = sandbox(page, "gunicorn's master: HUP, TTIN, TTOU, TERM");
    await expect(box).toContainText('Python runs live when you serve the site yourself (npm start)');
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    // Unavailable here, not crashed: no "fix the code"; the recorded run opens.
    const status = box.getByRole('status', { name: 'Status' });
    await expect(status).toContainText('Status: unavailable. Python examples run live only when you serve the site yourself (npm start)', {
      timeout: 30_000,
    });
    await expect(status).not.toContainText('fix the code');
    await expect(box.locator('details[data-transcript]')).toHaveAttribute('open', '');
    await box.getByRole('button', { name: 'Replay the recorded run' }).click();
    await expect(box.getByText(/^Replaying the recorded run at its real pace/)).toBeVisible();
    const rows = box.locator('.lab-replay table').first().locator('tbody tr');
    await expect.poll(async () => rows.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await expect(box.getByText(/^Replay finished/)).toBeVisible({ timeout: 40_000 });
    const text = await box.locator('.lab-replay table').first().textContent();
    expect(text).toMatch(/primary/);
    expect(text).toMatch(/exited \(SIGTERM\)/);
  });
});
