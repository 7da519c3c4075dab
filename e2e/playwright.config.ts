// End-to-end tests: the built site served by `npm start` (with the local runner) on a free port,
// in the system Chromium (CHROMIUM_PATH, else /usr/bin/chromium) or Playwright's own browser.
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { freePort } from '../src/runner/machine-runtime.ts';

process.env.LAB_E2E_PORT ??= String(await freePort());
const port = Number(process.env.LAB_E2E_PORT);
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  // Two cores here: two browsers plus the server and the example processes they start.
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `node src/server/start.ts --port ${port}`,
    cwd: '..',
    url: `http://localhost:${port}/`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
