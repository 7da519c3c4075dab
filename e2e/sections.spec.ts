// A page's text renders by sections (src/components/sections.ts, src/styles/lab.css): the browser
// skips the sections far from the screen until the reader comes near them, and nothing a reader sees
// or presses moves when one of them renders. At a laptop's and a phone's size.
import { test, expect, type Page } from '@playwright/test';
import { encodeShare } from '../src/sandbox/core/share.ts';
import { GUIDE_PAGES, READER_SIZES, run, sandbox } from './helpers.ts';

const GUIDES = GUIDE_PAGES.filter((path) => path.startsWith('guides/'));

/** Start recording layout shifts: how far things on screen moved without the reader's input. */
async function watchShifts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { labShifts: string[] };
    w.labShifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources: { node?: Node }[] }[]) {
        if (entry.hadRecentInput || entry.value === 0) continue;
        const moved = entry.sources.map((s) => (s.node instanceof Element ? `${s.node.tagName}.${s.node.className}` : String(s.node?.nodeName)));
        w.labShifts.push(`${entry.value.toFixed(4)} at y=${Math.round(scrollY)}: ${moved.join(', ')}`);
      }
    }).observe({ type: 'layout-shift' });
  });
}

const shifts = (page: Page) => page.evaluate(() => (window as unknown as { labShifts: string[] }).labShifts);

/** Where an element's top is on screen (a heading, a sandbox), in px from the top of the viewport. */
const topOnScreen = (page: Page, id: string) => page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, id);

/** Three frames: what a scroll or a jump brought near the screen has rendered. */
const settle = (page: Page) =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done)))));

/** Scroll with the wheel, as a reader does, and wait until the page has moved and settled (the wheel
 * returns before the scroll happens). */
async function wheel(page: Page, dy: number): Promise<void> {
  const before = await page.evaluate(() => scrollY);
  await page.mouse.wheel(0, dy);
  await expect.poll(() => page.evaluate(() => scrollY)).not.toBe(before);
  await settle(page);
}

for (const size of READER_SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, hasTouch: size.hasTouch, isMobile: size.hasTouch });

    test('each guide: one section per h2 at the top of the text, the space before headings kept, far sections skipped at load', async ({ page }) => {
      for (const path of GUIDES) {
        await page.goto(`/${path}/`);
        // What the reader's first frames show: the browser decides which sections are near the
        // screen when it renders, and `load` can come before that (CI, under load).
        await settle(page);
        const facts = await page.evaluate(() => {
          const content = document.querySelector('.sl-markdown-content')!;
          const sections = [...content.querySelectorAll('.lab-section')];
          const headings = content.querySelectorAll('.sl-heading-wrapper.level-h2');
          return {
            sections: sections.length,
            headings: headings.length,
            outside: [...content.children].filter((child) => !child.classList.contains('lab-section')).map((child) => child.tagName),
            nested: sections.filter((s) => s.parentElement !== content).length,
            // Every section after the first opens with its h2, which keeps Starlight's 1.5em before a heading.
            openers: sections.slice(1).map((s) => {
              const first = s.firstElementChild!;
              const style = getComputedStyle(first);
              return (
                first.matches('.sl-heading-wrapper.level-h2') && Math.abs(Number.parseFloat(style.marginTop) - 1.5 * Number.parseFloat(style.fontSize)) < 0.5
              );
            }),
            rendered: sections.map((s) => s.firstElementChild!.checkVisibility({ contentVisibilityAuto: true })),
          };
        });
        expect(facts.sections, path).toBe(facts.headings + 1);
        expect(facts.outside, path).toEqual([]);
        expect(facts.nested, path).toBe(0);
        expect(facts.openers, path).toEqual(facts.openers.map(() => true));
        expect(facts.rendered[0], `${path}: the first section is on screen`).toBe(true);
        expect(facts.rendered.at(-1), `${path}: the last section is far below`).toBe(false);
      }
    });

    test('reading a guide down and up, and jumping to each heading, moves nothing on screen', async ({ page }) => {
      await page.goto('/guides/startup-vs-request/');
      await watchShifts(page);
      const step = Math.round(size.viewport.height * 0.8);
      const bottom = () => page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
      while ((await page.evaluate(() => scrollY)) < (await bottom()) - 1) await wheel(page, step);
      while ((await page.evaluate(() => scrollY)) > 0) await wheel(page, -step);
      expect(await shifts(page), 'reading down and up').toEqual([]);
      // A link to a heading lands among sections not rendered yet; reading back up from there renders
      // them above the screen, where they take their real height (scroll anchoring must absorb it).
      const ids = await page.locator('.lab-section > .sl-heading-wrapper h2').evaluateAll((hs) => hs.map((h) => h.id));
      expect(ids.length).toBeGreaterThan(3);
      for (const id of ids.slice(1)) {
        // A new load each time (the query differs), so nothing below the top has rendered yet.
        await page.goto(`/guides/startup-vs-request/?to=${id}#${id}`);
        await watchShifts(page);
        await settle(page);
        expect(await topOnScreen(page, id), `#${id} lands at the top of the screen, under the header`).toBeLessThan(150);
        for (let i = 0; i < 6 && (await page.evaluate(() => scrollY)) > 0; i++) await wheel(page, -step);
        expect(await shifts(page), `after a jump to #${id}, reading back up`).toEqual([]);
      }
    });

    test('a link on the page (the table of contents) lands on its heading, and nothing moves after', async ({ page }) => {
      await page.goto('/guides/startup-vs-request/');
      await watchShifts(page);
      const toc = size.hasTouch ? page.locator('mobile-starlight-toc') : page.locator('starlight-toc');
      if (size.hasTouch) await toc.getByText('On this page').click();
      // A heading half way down (the last ones cannot reach the top: the page ends).
      const ids = await page.locator('.lab-section > .sl-heading-wrapper h2').evaluateAll((hs) => hs.map((h) => h.id));
      const id = ids[Math.floor(ids.length / 2)]!;
      const link = toc.locator(`a[href="#${id}"]`);
      await link.click();
      await settle(page);
      await settle(page);
      expect(await topOnScreen(page, id)).toBeGreaterThanOrEqual(0);
      expect(await topOnScreen(page, id)).toBeLessThan(150);
      expect(await shifts(page)).toEqual([]);
    });

    // A share link's fragment is the example's anchor with the code after it (#example-…~…): the
    // sandbox is scrolled to at load (deep-link.ts), as with the example's own link, so the whole
    // text must be rendered by then, not only the sections near the top. (What the sandbox then does
    // as it opens the shared code is the reader rules' business.)
    test('a share link to the last example renders the text before it lands, and lands on it', async ({ page }) => {
      const anchor = 'example-py-uvicorn-workers';
      for (let i = 0; i < 2; i++) {
        // A new load each time (the query differs), so nothing below the top has rendered yet.
        const url = `/guides/startup-vs-request/?runtime=local&load=${i}${encodeShare(anchor, { 'app.py': 'print("shared")\n' })}`;
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        expect(await page.evaluate(() => document.querySelectorAll('.lab-section:not(.lab-near)').length), 'sections not rendered yet').toBe(0);
        await page.waitForLoadState('load');
        await settle(page);
        expect(await topOnScreen(page, anchor), 'the sandbox lands at the top of the screen, under the header').toBeGreaterThanOrEqual(0);
        expect(await topOnScreen(page, anchor)).toBeLessThan(150);
      }
    });

    // The shifts checked are the sections' own, up to the press: what a Run then does to the page is
    // the reader rules' business (reader.spec.ts).
    test('Run in the last example, reached by its link or by End, starts at once', async ({ page }) => {
      const title = 'FastAPI under uvicorn --workers 2: each worker imports the app';
      await page.goto('/guides/startup-vs-request/?runtime=local#example-py-uvicorn-workers');
      await watchShifts(page);
      await settle(page);
      expect(await shifts(page)).toEqual([]);
      await run(sandbox(page, title));

      await page.goto('/guides/state-and-config/?runtime=local');
      await watchShifts(page);
      await page.keyboard.press('End');
      await settle(page);
      expect(await shifts(page)).toEqual([]);
      const boxes = page.locator('lab-sandbox');
      const last = await boxes
        .nth((await boxes.count()) - 1)
        .getByRole('region')
        .getAttribute('aria-label');
      await run(sandbox(page, last!.replace('Live example: ', '')));
    });
  });
}

test('print: every section is rendered', async ({ page }) => {
  await page.goto('/guides/deployment/');
  await page.emulateMedia({ media: 'print' });
  const rendered = await page
    .locator('.lab-section')
    .evaluateAll((sections) => sections.map((s) => s.firstElementChild!.checkVisibility({ contentVisibilityAuto: true })));
  expect(rendered.length).toBeGreaterThan(3);
  expect(rendered).toEqual(rendered.map(() => true));
});
