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

// A boot that failed is remembered for the browser session (sessionStorage: this tab, until it
// closes). A network that blocks StackBlitz blocks it on the next page too: that page goes straight
// to the fallback (the local runtime under npm start, else the recorded run) instead of waiting the
// whole boot timeout again, and offers to try again.
const FAILED_KEY = 'lifecycle-lab:webcontainer-failed';

export interface RememberedFailure {
  /** When it failed (ms since the epoch). */
  at: number;
  /** What failed, as the reader was told. */
  message: string;
}

function session(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage disabled: nothing is remembered, each page waits as before
  }
}

export function rememberBootFailure(message: string, now = Date.now()): void {
  try {
    if (!rememberedBootFailure()) session()?.setItem(FAILED_KEY, JSON.stringify({ at: now, message }));
  } catch {
    // full or disabled: not remembered
  }
}

export function rememberedBootFailure(): RememberedFailure | null {
  try {
    const value = JSON.parse(session()?.getItem(FAILED_KEY) ?? 'null') as Partial<RememberedFailure> | null;
    return value && typeof value.at === 'number' && typeof value.message === 'string' ? { at: value.at, message: value.message } : null;
  } catch {
    return null;
  }
}

/** The reader asked to try again: forget the failure, and wait the whole timeout from now on in this
 * browser session, without the quick reachability check (webcontainer-boot.ts), which may be wrong. */
export function forgetBootFailure(): void {
  try {
    session()?.removeItem(FAILED_KEY);
    session()?.setItem(PROBE_OVERRULED_KEY, '1');
  } catch {
    // nothing to forget
  }
}

const PROBE_OVERRULED_KEY = 'lifecycle-lab:webcontainer-wait';

export function probeOverruled(): boolean {
  try {
    return session()?.getItem(PROBE_OVERRULED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Why not to wait for a boot at all, known at once: the browser says it is offline, or a boot
 * already failed in this browser session. Null when a boot may work. */
export function knownBootFailure(onLine: boolean): string | null {
  if (!onLine) return 'this browser is offline.';
  const earlier = rememberedBootFailure();
  if (!earlier) return null;
  const at = new Date(earlier.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `it did not start earlier in this browser session (at ${at}), so this page did not wait for it again.`;
}
