// The static view before activation (issue 14): each file is one <pre> of text whose syntax colours
// the loader paints with CSS highlights, the open file at once and another when its tab is chosen;
// without JavaScript every file is shown as text; search still finds code from a file not shown, but
// not the shared helpers (lab.js, lab.py).
import { test, expect, type Locator } from '@playwright/test';
import { expectCalmNotice, openSearch, run, sandbox } from './helpers.ts';

/** Ranges of CSS highlights that fall inside this panel's code. */
const paintedRanges = (panel: Locator) =>
  panel.evaluate((el) => [...CSS.highlights.values()].flatMap((h) => [...h]).filter((r) => el.contains(r.startContainer)).length);

test('the open file is painted at once, another file when its tab is chosen, with no element per token', async ({ page }) => {
  await page.goto('/live-examples/');
  const box = sandbox(page, 'Hello server');
  const server = box.getByRole('tabpanel', { name: 'server.js' });
  await expect(server).toContainText('createServer');
  await expect.poll(() => paintedRanges(server)).toBeGreaterThan(20);
  expect(await server.locator('*').count()).toBe(1); // the <pre> alone

  const lab = box.locator('[role="tabpanel"][data-path="lab.js"]');
  expect(await paintedRanges(lab)).toBe(0);
  await box.getByRole('tab', { name: 'lab.js' }).click();
  await expect(lab).toBeVisible();
  await expect(lab).toContainText('function mark(event');
  await expect.poll(() => paintedRanges(lab)).toBeGreaterThan(20);
  // Choosing a tab is not activation: the static view stays until the reader clicks into the code.
  await expect(box.getByRole('textbox', { name: 'Edit lab.js' })).toHaveCount(0);
});

test('a recorded run is rendered when its disclosure is opened, not with the page', async ({ page }) => {
  await page.goto('/live-examples/');
  const transcript = sandbox(page, 'Hello server').locator('details[data-transcript]');
  await expect(transcript).not.toHaveAttribute('open', '');
  expect(await transcript.locator('pre, li').count()).toBe(0);
  await transcript.getByText('Recorded run').click();
  await expect(transcript.locator('pre').first()).toContainText('startup: module code ran in process');
  await expect(transcript.locator('li').first()).toContainText('GET /');
});

test('without JavaScript, every file of a sandbox is shown as text', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/live-examples/');
  const box = sandbox(page, 'Hello server');
  await expect(box.locator('[role="tabpanel"][data-path="server.js"]')).toContainText('createServer');
  await expect(box.locator('[role="tabpanel"][data-path="lab.js"]')).toBeVisible();
  await expect(box.locator('[role="tabpanel"][data-path="lab.js"]')).toContainText('function mark(event');
  await context.close();
});

test('search finds code that is only in a file whose tab is not open', async ({ page }) => {
  const { dialog, input } = await openSearch(page);
  // `stillOpen` is in per-request-resource's pool.js only, whose tab is not the open one.
  await input.fill('stillOpen');
  await expect(dialog.getByText('get stillOpen()').first()).toBeVisible();
});

test('search leaves out the shared helpers (lab.js, lab.py): their code is in every sandbox, not prose (issue 22)', async ({ page }) => {
  const { dialog, input } = await openSearch(page);
  // `pairs` and mark('exit' appear only in lab.js; before, excerpts showed them instead of prose.
  for (const query of ['pairs', "mark('exit'"]) {
    await input.fill(query);
    // Other pages match the words ("mark", "exit", and "pair" stemmed), but no excerpt is helper code.
    await expect(dialog.getByText(`results for ${query}`)).toBeVisible();
    await expect(dialog.getByText(/Object\.entries\(\{ pid|\(pid, code, signal\) =>/)).toHaveCount(0);
  }
});

test('boot on intent: a pointer on Run opens the local runner socket before any click; page load does not', async ({ page }) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto('/live-examples/?runtime=local');
  await page.waitForLoadState('networkidle');
  expect(sockets).toEqual([]);
  const box = sandbox(page, 'Hello server');
  await box.getByRole('button', { name: 'Run', exact: true }).hover();
  await expect.poll(() => sockets.length).toBe(1);
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('Not started'); // warmed, not started
  await run(box);
  expect(sockets.length).toBe(1); // one boot per page
});

test('editor on intent: Run keeps the painted code; a click into it brings the editor, with the caret there', async ({ page }) => {
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  const server = box.getByRole('tabpanel', { name: 'server.js' });
  await run(box);
  // Running needs no editor: the code stays the one painted <pre>, still highlighted.
  await expect(box.getByRole('textbox', { name: 'Edit server.js' })).toHaveCount(0);
  expect(await server.locator('*').count()).toBe(1);
  expect(await paintedRanges(server)).toBeGreaterThan(20);
  // The reader clicks into the code to edit: the editor replaces it and takes the caret, and the server keeps running.
  await server.click();
  const editor = box.getByRole('textbox', { name: 'Edit server.js' });
  await expect(editor).toBeFocused();
  await expect(editor).toContainText('createServer');
  await page.keyboard.type('// edited ');
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('running');
  await expect(box.getByText('edited: press Restart to apply')).toBeVisible();
});

test("the editor colours JavaScript with the grammar's own chunk; a Python sandbox's editor never fetches it", async ({ page }) => {
  const grammar: string[] = [];
  page.on('request', (request) => {
    // The chunk that holds the JavaScript grammar (src/sandbox/ui/javascript/language.ts).
    if (/\/_astro\/language\.[\w-]+\.js$/.test(request.url())) grammar.push(request.url());
  });
  await page.goto('/guides/startup-vs-request/?runtime=local');
  const python = sandbox(page, 'FastAPI: module scope, lifespan, handler (one uvicorn)');
  await python.getByRole('tabpanel', { name: 'app.py' }).locator('pre').click();
  const pyEditor = python.getByRole('textbox', { name: 'Edit app.py' });
  await expect(pyEditor).toBeFocused();
  await expect(pyEditor).toContainText('FastAPI');
  expect(grammar, 'a Python sandbox loads no JavaScript grammar').toEqual([]);
  expect(await pyEditor.locator('[class*="tok-"]').count()).toBe(0);

  const node = sandbox(page, 'Startup once, handler every time');
  await node.getByRole('tabpanel', { name: 'server.js' }).locator('pre').click();
  const jsEditor = node.getByRole('textbox', { name: 'Edit server.js' });
  await expect(jsEditor).toBeFocused();
  await expect(jsEditor.locator('.tok-keyword').first()).toBeVisible();
  expect(grammar).toHaveLength(1);
});

for (const when of ['before Run', 'after Run'] as const) {
  test(`a click into the code ${when}: the caret lands where the reader clicked, and that line stays under the pointer`, async ({ page }) => {
    await page.goto('/guides/startup-vs-request/?runtime=local');
    const box = sandbox(page, 'Startup once, handler every time');
    if (when === 'after Run') await run(box);
    const code = box.getByRole('tabpanel', { name: 'server.js' }).locator('pre');
    // A spot far down the file: "Date.now", between its 'D' and 'a'.
    const spot = () =>
      code.evaluate((pre) => {
        const text = pre.firstChild!;
        const at = text.textContent!.indexOf('Date.now') + 1;
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + 1);
        const r = range.getBoundingClientRect();
        return { x: r.left + 1, y: r.top + r.height / 2 };
      });
    await code.evaluate((pre) => pre.scrollIntoView({ block: 'center' }));
    const { x, y } = await spot();
    await page.mouse.click(x, y);
    const editor = box.getByRole('textbox', { name: 'Edit server.js' });
    await expect(editor).toBeFocused();
    await page.keyboard.type('XX');
    await expect(editor).toContainText('DXXate.now');
    const typedAt = await editor.evaluate((content) => {
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('XX');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 2);
        return range.getBoundingClientRect().top + range.getBoundingClientRect().height / 2;
      }
      return null;
    });
    expect(Math.abs(typedAt! - y)).toBeLessThan(24); // within a line of where the reader clicked
  });
}

test('an editor that fails to load: the code stays, a calm notice says so, and the next click tries again', async ({ page }) => {
  let offline = true;
  await page.route(/\/_astro\/editor\.[^/]*\.js$/, (route) => (offline ? route.abort('connectionreset') : route.continue()));
  await page.goto('/live-examples/?runtime=local');
  const box = sandbox(page, 'Hello server');
  await run(box);
  const code = box.getByRole('tabpanel', { name: 'server.js' });
  await code.click();
  await expectCalmNotice(box, 'The editor could not load', 'click into it to try again');
  await expect(code).toContainText('createServer'); // nothing is lost: the static code is still there
  await expect(box.getByRole('status', { name: 'Status' })).toContainText('running');
  offline = false;
  await code.click();
  await expect(box.getByRole('textbox', { name: 'Edit server.js' })).toBeFocused();
});

test("a code block of a guide's text is plain text, painted, with one element per indented line only; its wrapped lines hang at their indent (issue 22)", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/guides/startup-vs-request/');
  const pre = page.locator('.expressive-code pre').filter({ hasText: 'build_lookup_table()' }).first();
  await expect(pre).toContainText('answered += 1');
  const painted = () =>
    pre.evaluate((el) =>
      [...CSS.highlights.values()]
        .flatMap((h) => [...h])
        .filter((r) => el.contains(r.startContainer))
        .map((r) => r.toString().trim()),
    );
  await expect.poll(painted).toContain('# Handler scope: runs for every request.');
  expect(await painted()).toContain('import');
  // The four indented lines of the handler, and nothing else.
  expect(await pre.locator('*').count()).toBe(4);
  // On a phone the indented comment wraps: its second line starts under the comment, not at the margin.
  const [first, wrapped] = await pre.locator('span', { hasText: '# Handler scope' }).evaluate((span) => {
    const text = span.firstChild as Text;
    const at = (word: string) => {
      const range = new Range();
      const i = text.data.indexOf(word);
      range.setStart(text, i);
      range.setEnd(text, i + word.length);
      return range.getBoundingClientRect();
    };
    return [at('#'), at('request.')];
  });
  expect(wrapped!.top).toBeGreaterThan(first!.top);
  expect(Math.abs(wrapped!.left - first!.left)).toBeLessThan(2);
});
