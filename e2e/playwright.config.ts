// End-to-end tests: the built site served by `npm start` (with the local runner) on a free port,
// in the Chromium that src/tools/chromium.ts finds or installs.
import { defineConfig } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { freePort } from '../src/runner/machine-runtime.ts';
import { chromiumPath } from '../src/tools/chromium.ts';
import { RIGHT_STATE } from './claim-right.ts';

process.env.LAB_E2E_PORT ??= String(await freePort());
// The secret the server prints; the web server below inherits it, and global setup opens the printed address.
process.env.LAB_RUNNER_SECRET ??= randomBytes(32).toString('base64url');
const port = Number(process.env.LAB_E2E_PORT);
// Playwright loads this config in its main process and again in each worker: the main process looks
// (or installs) and the workers inherit the answer through the environment.
process.env.CHROMIUM_PATH = browserOrExit();

function browserOrExit(): string {
  try {
    return chromiumPath();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err); // one sentence, no stack trace
    process.exit(1);
  }
}
// The stand-in build (LAB_WEBCONTAINER_STANDIN=1, into dist-standin/), served with the local runner
// on a second port: the real WebContainer adapter against real processes (webcontainer-standin.spec.ts).
process.env.LAB_E2E_STANDIN_PORT ??= String(await freePort());
const standinPort = Number(process.env.LAB_E2E_STANDIN_PORT);

export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  // Two cores here: two browsers plus the server and the example processes they start.
  workers: 2,
  retries: 0,
  reporter: [['list']],
  globalSetup: './claim-right.ts',
  use: {
    baseURL: `http://localhost:${port}`,
    storageState: RIGHT_STATE,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH,
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
  // Started one after the other: the two builds must not run at once (they share Astro's caches).
  webServer: [
    {
      command: `node src/server/start.ts --port ${port}`,
      cwd: '..',
      url: `http://localhost:${port}/`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `LAB_WEBCONTAINER_STANDIN=1 node node_modules/astro/bin/astro.mjs build && node src/server/start.ts --dist dist-standin --port ${standinPort}`,
      cwd: '..',
      url: `http://localhost:${standinPort}/`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
