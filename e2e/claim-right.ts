// Playwright global setup: the test browser opens the address `npm start` prints (with the secret in
// its fragment, here fixed through LAB_RUNNER_SECRET), as the person who started the server does.
// The page keeps the right in its origin's localStorage; the storage state every test starts from
// carries it. Tests of a browser without the right start from an empty state instead.
// The stand-in server (LAB_E2E_STANDIN_PORT) is another origin: its right is claimed the same way.
import { chromium, type FullConfig } from '@playwright/test';
import { RIGHT_KEY } from '../src/sandbox/core/run-right.ts';

export const RIGHT_STATE = 'e2e/.right-state.json';

export default async function claimRight(config: FullConfig): Promise<void> {
  const { baseURL, launchOptions } = config.projects[0]!.use;
  const browser = await chromium.launch(launchOptions);
  const context = await browser.newContext();
  const page = await context.newPage();
  const standin = `http://localhost:${process.env.LAB_E2E_STANDIN_PORT}`;
  for (const origin of [baseURL, standin]) {
    await page.goto(`${origin}/#lab-secret=${process.env.LAB_RUNNER_SECRET}`);
    if (page.url().includes('lab-secret')) throw new Error('the secret stayed in the address bar');
    const held = await page.evaluate((key) => localStorage.getItem(key), RIGHT_KEY);
    if (held !== process.env.LAB_RUNNER_SECRET) throw new Error(`${origin} did not keep the right in its localStorage`);
  }
  await context.storageState({ path: RIGHT_STATE });
  await browser.close();
}
