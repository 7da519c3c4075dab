// How the page boots the real WebContainer: load @webcontainer/api only when a sandbox runs (never
// on page load), and give it the deployer's API key first when the build has one.
// Commercial production use of the WebContainer API needs a StackBlitz license: build with
// PUBLIC_WEBCONTAINER_API_KEY=<key> (see README). Open source and prototypes need none.
import type { BootFn } from './webcontainer.ts';
import { knownBootFailure } from './webcontainer-preflight.ts';

let keyConfigured = false;

export const bootWebContainer: BootFn = async (options) => {
  // Offline, or already failed in this browser session: fail now, not after the whole timeout.
  const known = knownBootFailure(navigator.onLine);
  if (known) throw new Error(known);
  const api = await import('@webcontainer/api');
  const key = import.meta.env.PUBLIC_WEBCONTAINER_API_KEY;
  // configureAPIKey throws once boot() has been called, so only before the first boot of the page.
  if (key && !keyConfigured) api.configureAPIKey(key);
  keyConfigured = true;
  return api.WebContainer.boot(options);
};
