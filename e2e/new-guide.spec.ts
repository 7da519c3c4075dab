// `npm run new:guide -- <slug>` in a temp copy of the project (the repository itself is never
// touched): it scaffolds the four parts, its behaviour test fails saying what to assert, and the
// site builds with the new page in the sidebar and on the track.
import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { buildSite } from '../src/bench/build.ts';
import { serveSite } from '../src/bench/serve.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const SLUG = 'team-queue-workers';
// What a copy needs to build and test: sources and config, not build output or git.
const SKIP = new Set(['node_modules', 'dist', '.git', '.astro', 'test-results', 'playwright-report']);

test('the generator scaffolds page, example, transcript and a failing test, and the page builds into the sidebar', async ({ page }) => {
  test.setTimeout(300_000);
  const copy = mkdtempSync(join(tmpdir(), 'lab-new-guide-'));
  let outDir = '';
  try {
    cpSync(ROOT, copy, { recursive: true, filter: (src) => !SKIP.has(relative(ROOT, src).split('/')[0]!) });
    // Hard links: a second node_modules in a second, not 660 MB. (A symlink will not do: Vite resolves
    // it back into this repository and the build mixes the two roots.) Another filesystem gets a copy.
    await run('cp', ['-al', join(ROOT, 'node_modules'), join(copy, 'node_modules')]).catch(() =>
      run('cp', ['-a', join(ROOT, 'node_modules'), join(copy, 'node_modules')]),
    );

    const made = await run(process.execPath, ['src/tools/new-guide.ts', SLUG], { cwd: copy });
    for (const file of [
      `content/docs/guides/${SLUG}.mdx`,
      `content/examples/${SLUG}/server.js`,
      `content/examples/${SLUG}.json`,
      `content/transcripts/${SLUG}.json`,
      `src/examples/${SLUG}.test.ts`,
    ]) {
      expect(existsSync(join(copy, file)), file).toBe(true);
      expect(made.stdout).toContain(file);
    }
    // The transcript is a real run of the scaffolded server.
    expect(JSON.parse(readFileSync(join(copy, `content/transcripts/${SLUG}.json`), 'utf8')).output).toMatch(/startup: ready\n[\s\S]*listening on/);
    // Running it again refuses rather than overwriting a team's work.
    await expect(run(process.execPath, ['src/tools/new-guide.ts', SLUG], { cwd: copy })).rejects.toMatchObject({
      stderr: expect.stringContaining('already there'),
    });

    // The behaviour test fails, and says what to assert.
    const tested = await run(process.execPath, ['--test', `src/examples/${SLUG}.test.ts`], { cwd: copy }).catch((err: { code: number; stdout: string }) => err);
    expect('code' in tested ? tested.code : 0).not.toBe(0);
    expect(tested.stdout).toContain(`Write the assertions for what the ${SLUG} guide claims`);

    outDir = (await buildSite({ root: copy })).outDir;
    expect(existsSync(join(outDir, 'guides', SLUG, 'index.html'))).toBe(true);
    const served = await serveSite(outDir);
    try {
      await page.goto(new URL('start-here/', served.base).href);
      const link = page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Team queue workers' });
      await expect(link).toHaveAttribute('href', `/guides/${SLUG}/`);
      await expect(page.getByRole('region', { name: 'The onboarding track' })).toContainText('6 guides');
      await link.click();
      await expect(page.locator('h1')).toHaveText('Team queue workers');
      await expect(page.getByRole('region', { name: 'Live example: Team queue workers' })).toBeVisible();
    } finally {
      await served.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  }
});
