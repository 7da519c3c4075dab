// Readers arrive with an error message or a log line pasted into search. Each of these strings is one that
// a server, a library or the kernel prints (or a setting people search for), and search must lead to the
// Common questions page that answers it.
import { test, expect } from '@playwright/test';
import { openSearch } from './helpers.ts';

const PASTED: Array<[string, string]> = [
  ['PROMETHEUS_MULTIPROC_DIR', 'questions/metrics-across-workers'],
  ['mark_process_dead', 'questions/metrics-across-workers'],
  ['BatchSpanProcessor', 'questions/tracing-after-fork'],
  ['Session ID unknown', 'questions/sticky-sessions'],
  ['attached to a different loop', 'questions/different-event-loop'],
  ['is bound to a different event loop', 'questions/different-event-loop'],
  ['use of fork() may lead to deadlocks', 'questions/fork-with-threads'],
  ['Maximum request limit of', 'questions/max-requests-recycling'],
  ['max_requests_jitter', 'questions/max-requests-recycling'],
  ['terminationGracePeriodSeconds preStop', 'questions/kubernetes-rolling-updates'],
  ['EADDRINUSE', 'questions/node-in-containers'],
  ['logconfig_dict', 'questions/logging-under-workers'],
  ['scope="function"', 'questions/dependency-yield-timing'],
];

test('search leads from a pasted error string to the page that answers it', async ({ page }) => {
  const { dialog, input } = await openSearch(page);
  for (const [query, slug] of PASTED) {
    await input.fill(query);
    await expect(dialog.locator(`a[href*="/${slug}/"]`).first(), query).toBeVisible();
  }
});
