// Playwright global setup: the test browser opens the address `npm start` prints (with the secret,
// here fixed through LAB_RUNNER_SECRET), as the person who started the server does, and keeps the
// cookie it gets in a storage state every test starts from. Tests of a browser without the right
// start from an empty state instead.
// The stand-in server (LAB_E2E_STANDIN_PORT) gets its cookie the same way.
import { chromium, type FullConfig } from '@playwright/test';

export const RIGHT_STATE = 'e2e/.right-state.json';

export default async function claimRight(config: FullConfig): Promise<void> {
  const { baseURL, launchOptions } = config.projects[0]!.use;
  const browser = await chromium.launch(launchOptions);
  const context = await browser.newContext();
  const page = await context.newPage();
  // Both servers the suite starts: the site, and the WebContainer stand-in build (its cookie is per port).
  const standin = `http://localhost:${process.env.LAB_E2E_STANDIN_PORT}`;
  for (const origin of [baseURL, standin]) {
    await page.goto(`${origin}/?lab-secret=${process.env.LAB_RUNNER_SECRET}`);
    if (page.url().includes('lab-secret')) throw new Error('the secret stayed in the address bar');
  }
  await context.storageState({ path: RIGHT_STATE });
  await browser.close();
}
