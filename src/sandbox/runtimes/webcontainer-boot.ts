// How the page boots the real WebContainer: load @webcontainer/api only when a sandbox runs (never
// on page load), and give it the deployer's API key first when the build has one.
// Commercial production use of the WebContainer API needs a StackBlitz license: build with
// PUBLIC_WEBCONTAINER_API_KEY=<key> (see README). Open source and prototypes need none.
import type { BootFn } from './webcontainer.ts';
import { knownBootFailure, probeOverruled } from './webcontainer-preflight.ts';
import { quickReachability } from './reachability.ts';

let keyConfigured = false;

/** The page a boot loads first, in an iframe (@webcontainer/api's iframe-url.js). Every
 * cross-origin-isolated page embeds it, so it is served to be embedded across origins. */
const STACKBLITZ_PAGE = 'https://stackblitz.com/headless';

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
  const unreachable = quickReachability(probeUrl(), () => boot).then((reason) => {
    throw new Error(reason);
  });
  return Promise.race([boot, unreachable]);
};

/** Test builds (src/test/webcontainer-standin.ts; no machine here reaches StackBlitz): the check goes
 * to this site, or with ?wcfault=unreachable to a closed port. A normal build drops this code. */
function probeUrl(): string {
  if (!import.meta.env.LAB_WEBCONTAINER_STANDIN) return STACKBLITZ_PAGE;
  const faults = (new URLSearchParams(location.search).get('wcfault') ?? '').split(',');
  return faults.includes('unreachable') ? 'http://127.0.0.1:9/' : `${location.origin}/`;
}
