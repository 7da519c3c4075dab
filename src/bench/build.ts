// Full site build time: `astro build` into a temp folder (never dist/, which others use).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BuildResult {
  outDir: string;
  ms: number;
}

/** Build the site into a new temp folder and time it. Rejects (with the build's output) when the build fails.
 * `env` adds build settings (LAB_BASE=/docs/); `root` builds another copy of the project. */
export function buildSite(options: { env?: Record<string, string>; root?: string } = {}): Promise<BuildResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'lab-bench-site-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', outDir], {
    cwd: options.root ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ outDir, ms });
      else reject(Object.assign(new Error(`astro build failed (${signal ?? `exit ${code}`}):\n${output.slice(-3000)}`), { outDir }));
    });
  });
}
