// What is known about WebContainers before one boots: whether this page can run one at all, which
// hosts a network must allow, and what to tell a reader when a boot fails. Apart from the adapter
// (webcontainer.ts) so that choosing a runtime does not load the adapter: a page on the local
// runtime never does.

/** What a network must allow for WebContainers to load (see DESIGN.md, "Facts about WebContainers"). */
export const WEBCONTAINER_HOSTS = ['stackblitz.com', '*.staticblitz.com', '*.webcontainer-api.io'];

export const BOOT_CAUSES = [
  `you are offline, or a network, proxy or browser extension blocks ${WEBCONTAINER_HOSTS.join(', ')}`,
  'third-party cookies or storage are blocked for this site',
  'this browser does not support WebContainers (use a Chromium-based browser, Firefox, or Safari 16.4+)',
];
export const BOOT_REMEDIES = [
  'press Retry',
  'serve the site with npm start and choose "On this machine" as the runtime',
  'read the recorded run, captured from a real run under Node',
];

export interface PreflightEnv {
  crossOriginIsolated: boolean;
  hasSharedArrayBuffer: boolean;
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
}

/** iPhone and iPad tabs run out of memory and crash on a WebContainer boot; TutorialKit and the
 * Svelte tutorial do not boot there unless asked. iPadOS reports itself as a Mac with touch. */
export function isIOS(env: Pick<PreflightEnv, 'userAgent' | 'platform' | 'maxTouchPoints'>): boolean {
  return /iPhone|iPad|iPod/.test(env.userAgent) || /^(iPhone|iPad|iPod)/.test(env.platform) || (env.platform === 'MacIntel' && env.maxTouchPoints > 1);
}

export const IOS_PROBLEM = 'this is an iPhone or iPad, where a WebContainer can crash the tab for lack of memory';

/**
 * Reasons WebContainers cannot work on this page, checked before booting. Empty when it may work.
 * The page's own service worker is not one of them: WebContainer registers its own, on its own
 * origin, inside its iframe.
 */
export function preflight(env: PreflightEnv): string[] {
  const problems: string[] = [];
  if (!env.crossOriginIsolated)
    problems.push('this page is not cross-origin isolated (the server must send Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy)');
  if (!env.hasSharedArrayBuffer) problems.push('this browser has no SharedArrayBuffer, which WebContainers need');
  if (isIOS(env)) problems.push(IOS_PROBLEM);
  return problems;
}
