// Lighthouse (mobile, its default form factor) on a served page, through its own CLI so it launches
// Chromium the way it expects. Scores are 0-100 per category. Simulated throttling makes the
// performance score sensitive to other load on the machine: run the bench on a quiet machine.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from '../tools/chromium.ts';

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  /** Total blocking time, the audit that decides most of the performance score here. */
  tbtMs: number;
  /** Elements in the page, as Lighthouse's DOM size audit counts them. */
  domSize: number;
  cls: number;
}

const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';

export function lighthouseCli(): string | null {
  try {
    return createRequire(import.meta.url).resolve('lighthouse/cli/index.js');
  } catch {
    return null;
  }
}

export async function runLighthouse(cli: string, url: string): Promise<LighthouseScores> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-lighthouse-'));
  const out = join(dir, 'report.json');
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          cli,
          url,
          '--quiet',
          `--chrome-flags=${CHROME_FLAGS}`,
          '--only-categories=performance,accessibility,best-practices',
          '--output=json',
          `--output-path=${out}`,
        ],
        { env: { ...process.env, CHROME_PATH: chromiumPath() }, timeout: 180_000 },
        (err, _stdout, stderr) => (err ? reject(new Error(`lighthouse failed: ${stderr.split('\n').slice(-3).join(' ')}`)) : resolve()),
      );
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      categories: Record<string, { score: number }>;
      audits: Record<string, { numericValue?: number }>;
    };
    const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      tbtMs: report.audits['total-blocking-time']?.numericValue ?? 0,
      domSize: report.audits['dom-size-insight']?.numericValue ?? report.audits['dom-size']?.numericValue ?? 0,
      cls: report.audits['cumulative-layout-shift']?.numericValue ?? 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
