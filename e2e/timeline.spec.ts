// The process view and timeline, on the local runtime, fed only by real behaviour.
import { test, expect } from '@playwright/test';
import { burst20, lifecycleEvents, processRows, run, sandbox, send } from './helpers.ts';

test('a burst of 20 to two workers: two worker PIDs whose counts sum to 20', async ({ page }) => {
  await page.goto('/guides/state-and-config/?runtime=local');
  const box = sandbox(page, 'Two workers, two counters');
  await run(box);
  await expect.poll(async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening').length).toBe(2);
  await burst20(box);
  await expect.poll(async () => (await processRows(box)).filter((r) => r.role === 'worker').reduce((n, r) => n + r.requests, 0)).toBe(20);
  const workers = (await processRows(box)).filter((r) => r.role === 'worker');
  expect(workers).toHaveLength(2);
  expect(workers.every((w) => w.requests > 0)).toBe(true);
});

test('kill a worker in the refork example: a new PID appears and later requests reach it', async ({ page }) => {
  await page.goto('/guides/deployment/?runtime=local');
  const box = sandbox(page, "Refork in cluster.on('exit')");
  await run(box);
  await expect.poll(async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening').length).toBe(2);
  const before = (await processRows(box)).filter((r) => r.role === 'worker').map((r) => r.pid);
  await box.getByRole('combobox', { name: 'Kill sends' }).selectOption('SIGKILL');
  await box.getByRole('button', { name: `Kill worker ${before[0]}` }).click();
  await expect.poll(async () => (await processRows(box)).find((r) => r.pid === before[0])?.state).toContain('exited');
  await expect
    .poll(async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening' && !before.includes(r.pid)).length, {
      timeout: 15_000,
    })
    .toBe(1);
  const replacement = (await processRows(box)).find((r) => r.role === 'worker' && !before.includes(r.pid))!.pid;
  await burst20(box);
  await expect.poll(async () => (await processRows(box)).find((r) => r.pid === replacement)?.requests).toBeGreaterThan(0);
});

test('kill a worker in the no-refork example: only one PID serves from then on', async ({ page }) => {
  await page.goto('/guides/deployment/?runtime=local');
  const box = sandbox(page, 'Kill a worker: the pool shrinks');
  await run(box);
  await expect.poll(async () => (await processRows(box)).filter((r) => r.role === 'worker' && r.state === 'listening').length).toBe(2);
  const [victim, survivor] = (await processRows(box)).filter((r) => r.role === 'worker').map((r) => r.pid);
  await box.getByRole('button', { name: `Kill worker ${victim}` }).click(); // SIGTERM, the default
  await expect.poll(async () => (await processRows(box)).find((r) => r.pid === victim)?.state).toContain('exited');
  await burst20(box);
  const summary = box.getByRole('group', { name: 'Burst summary' });
  const pids = await summary.locator('tbody th').allTextContents();
  expect(pids).toEqual([String(survivor)]);
  expect((await processRows(box)).filter((r) => r.state === 'listening').map((r) => r.pid)).toEqual([survivor]);
});

test('startup appears once per process while request events match the requests sent', async ({ page }) => {
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await run(box);
  await send(box);
  await send(box);
  await burst20(box);
  const events = await lifecycleEvents(box);
  expect(events.filter((e) => e.event === 'start')).toHaveLength(1);
  expect(events.filter((e) => e.event === 'request')).toHaveLength(22);
  const rows = await processRows(box);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.requests).toBe(22);
});
