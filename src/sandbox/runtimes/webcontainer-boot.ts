// How the page boots the real WebContainer: load @webcontainer/api only when a sandbox runs (never
// on page load), and give it the deployer's API key first when the build has one.
// Commercial production use of the WebContainer API needs a StackBlitz license: build with
// PUBLIC_WEBCONTAINER_API_KEY=<key> (see README). Open source and prototypes need none.
import type { BootFn } from './webcontainer.ts';
import { knownBootFailure, probeOverruled } from './webcontainer-preflight.ts';
import { quickReachability } from './reachability.ts';

let keyConfigured = false;

/** The version of @webcontainer/api that package.json pins (reachability.test.ts checks the two agree). */
export const WEBCONTAINER_API_VERSION = '1.6.4';

/** The page a boot loads first, in an iframe, with the query the API gives it (its iframe-url.js:
 * client_id when a key is configured, coep, version). A cross-origin-isolated page can embed it only
 * because it is sent with Cross-Origin-Resource-Policy: cross-origin, which also lets this page's
 * no-cors request through COEP: the check asks for exactly what the boot will. */
export function stackblitzPage(key?: string): string {
  const url = new URL('https://stackblitz.com/headless');
  if (key) url.searchParams.set('client_id', key);
  url.searchParams.set('coep', 'require-corp');
  url.searchParams.set('version', WEBCONTAINER_API_VERSION);
  return url.href;
}

export const bootWebContainer: BootFn = async (options) => {
  // Offline, or already failed in this browser session: fail now, not after the whole timeout.
  const known = knownBootFailure(navigator.onLine);
  if (known) throw new Error(known);
  const api = await import('@webcontainer/api');
  const key = import.meta.env.PUBLIC_WEBCONTAINER_API_KEY;
  // configureAPIKey throws once boot() has been called, so only before the first boot of the page.
  if (key && !keyConfigured) api.configureAPIKey(key);
  keyConfigured = true;
  const boot = api.WebContainer.boot(options);
  // Beside the boot, a quick check that this browser reaches StackBlitz at all: a blocked host, a
  // failed DNS lookup or a refusing proxy answer in a moment, where the boot would hang for its
  // whole timeout. A reader who pressed Try again waits the whole time (probeOverruled).
  if (probeOverruled()) return boot;
  const unreachable = quickReachability(probeUrl(key), () => boot).then((reason) => {
    throw new Error(reason);
  });
  return Promise.race([boot, unreachable]);
};

/** Test builds (src/test/webcontainer-standin.ts; no machine here reaches StackBlitz): the check goes
 * to this site, or with ?wcfault=unreachable to a closed port. A normal build drops this code. */
function probeUrl(key?: string): string {
  if (!import.meta.env.LAB_WEBCONTAINER_STANDIN) return stackblitzPage(key);
  const faults = (new URLSearchParams(location.search).get('wcfault') ?? '').split(',');
  return faults.includes('unreachable') ? 'http://127.0.0.1:9/' : `${location.origin}/`;
}
