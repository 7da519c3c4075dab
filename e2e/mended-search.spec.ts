// Issue 21's mended and completed answers, found the way readers look for them: by pasting the line a
// server, a library or the kernel printed into search. Each string appears on the page it must lead to.
import { test, expect } from '@playwright/test';
import { openSearch } from './helpers.ts';

const PASTED: Array<[string, string]> = [
  ['unrecognized arguments: --env-file', 'questions/launch-and-tests'],
  ['Unable to configure root logger', 'questions/launch-and-tests'],
  ['raw_env', 'questions/launch-and-tests'],
  ['timeout graceful shutdown exceeded', 'guides/reload-and-shutdown'],
  ['nodemon SIGUSR2', 'guides/reload-and-shutdown'],
  ['watch-kill-signal', 'guides/reload-and-shutdown'],
  ['Unterminated string in JSON', 'guides/reload-and-shutdown'],
  ['Cannot re-initialize CUDA in forked subprocess', 'questions/many-workers'],
  ['on_exit', 'questions/many-workers'],
  ['failed to start, stopping the parent process', 'guides/deployment'],
  ['Error handling request', 'questions/blocked-workers'],
  ['gc.freeze', 'guides/forking-vs-spawning'],
  ["'NoneType' object has no attribute", 'guides/startup-vs-request'],
];

test('search leads from a pasted error string to the mended answer', async ({ page }) => {
  const { dialog, input } = await openSearch(page);
  for (const [query, slug] of PASTED) {
    await input.fill(query);
    await expect(dialog.locator(`a[href*="/${slug}/"]`).first(), query).toBeVisible();
  }
});
