// The Chromium the e2e tests and the bench drive: found, or installed from Debian's packages when we
// may (root on Debian, in the spirit of `playwright install --with-deps`), or one sentence on how to get one.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from '@playwright/test';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

const HOW_TO_GET_ONE =
  "No Chromium found: set CHROMIUM_PATH to one, install your system's (Debian: `sudo apt-get install chromium`), or run `npx playwright install --with-deps chromium`.";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * CHROMIUM_PATH, else the system Chromium on PATH, else Playwright's own browser when it is installed;
 * undefined when there is none. Throws when CHROMIUM_PATH names nothing runnable: a typo should not
 * silently test another browser.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, playwrightOwn = chromium.executablePath()): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!executable(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which is not an executable file.`);
    return env.CHROMIUM_PATH;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  }
  return executable(playwrightOwn) ? playwrightOwn : undefined;
}

/** Debian proper (Ubuntu's `chromium` package is a snap stub), and root, so apt-get can install. */
function canInstallDebianChromium(): boolean {
  if (process.getuid?.() !== 0 || !existsSync('/etc/os-release')) return false;
  return /^ID=debian$/m.test(readFileSync('/etc/os-release', 'utf8'));
}

/** The Chromium to use; installs Debian's when none is found and we may. Throws HOW_TO_GET_ONE otherwise. */
export function chromiumPath(): string {
  const found = findChromium();
  if (found) return found;
  if (canInstallDebianChromium()) {
    console.error("No Chromium found: installing Debian's `chromium` package (apt-get, as root).");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', 'chromium']]) {
      if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) break;
    }
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(HOW_TO_GET_ONE);
}
