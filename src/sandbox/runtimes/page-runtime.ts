// The single owner of the page's runtime. Every sandbox on a page shares one instance (one
// WebContainer per page is a hard limit), each in its own folder and on its own port.
import { chooseRuntime, parsePreference, type RuntimePreference } from '../core/runtime-choice.ts';
import { RuntimeUnavailableError, type Runtime, type RuntimeKind } from '../core/runtime.ts';
import { IOS_PROBLEM, preflight, BOOT_CAUSES, BOOT_REMEDIES } from './webcontainer-preflight.ts';
import type { WebContainerRuntime } from './webcontainer.ts';
import { BootProgress } from '../core/boot-progress.ts';
import { RunnerSocketRuntime } from './runner-socket.ts';
import { safeLocalStorage } from '../core/persistence.ts';
import { linkCarriesCode, localRefusal } from './local-guard.ts';

const PREFERENCE_KEY = 'lifecycle-lab:runtime';

export interface PageRuntime {
  runtime: Runtime;
  /** The reader or the URL chose it (no fallback), rather than automatic choice. */
  forced: boolean;
  /** Set when automatic choice fell back from WebContainer to local; says why. */
  fellBack?: string;
}

/** The runtime resolved for Node sandboxes (false) and for Python ones (true). */
const resolved = new Map<boolean, Promise<PageRuntime>>();
/** The page's one WebContainer runtime, kept across a Retry (it holds the pending boot). */
let webcontainer: WebContainerRuntime | null = null;
/** Staged boot progress of the page's runtime, for every sandbox on the page to show. */
export const bootProgress = new BootProgress();
let localInfo: ReturnType<typeof RunnerSocketRuntime.detect> | null = null;

export function detectLocal(): ReturnType<typeof RunnerSocketRuntime.detect> {
  return (localInfo ??= RunnerSocketRuntime.detect());
}

export function preference(): RuntimePreference {
  let stored: string | null = null;
  try {
    stored = safeLocalStorage()?.getItem(PREFERENCE_KEY) ?? null;
  } catch {
    stored = null;
  }
  // A share link's ?runtime=local is the link's wish, not the reader's: only the reader's own switch counts.
  return parsePreference(linkCarriesCode() ? '' : location.search, stored);
}

/** The reader picked a runtime with the visible switch: remember it, and reload into it. */
export function switchRuntime(choice: RuntimePreference): void {
  try {
    if (choice === 'auto') safeLocalStorage()?.removeItem(PREFERENCE_KEY);
    else safeLocalStorage()?.setItem(PREFERENCE_KEY, choice);
  } catch {
    // Not remembered; the URL parameter below still applies to this page.
  }
  const url = new URL(location.href);
  if (choice === 'auto') url.searchParams.delete('runtime');
  else url.searchParams.set('runtime', choice);
  // The same address with a #fragment would only scroll (a share link already asking for ?runtime=local).
  if (url.href === location.href) location.reload();
  else location.assign(url);
}

function webcontainerProblems(): string[] {
  return preflight({
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hasSharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    userAgent: navigator.userAgent,
    platform: navigator.platform,
    maxTouchPoints: navigator.maxTouchPoints,
  });
}

/** The page's one connection to the local runner, shared by the page's runtime and its Python sandboxes. */
let local: RunnerSocketRuntime | null = null;

async function create(kind: RuntimeKind): Promise<Runtime> {
  if (kind === 'local') {
    const info = await detectLocal();
    if (!info)
      throw new RuntimeUnavailableError(
        'The local runtime is not available on this site.',
        ['this copy of the site is served as static files, without the local runner'],
        ['serve the site with `npm start` (or `npm run dev`) to run examples on your machine', 'read the recorded output below'],
      );
    const refused = localRefusal(info.locked);
    if (refused) throw refused;
    return (local ??= new RunnerSocketRuntime(info));
  }
  // A reader who picked "In your browser" on an iPhone or iPad asked for it: the iOS guard only
  // keeps the automatic choice from crashing their tab.
  const problems = webcontainerProblems().filter((p) => !(p === IOS_PROBLEM && preference() === 'webcontainer'));
  if (problems.length) throw new RuntimeUnavailableError('WebContainer cannot run on this page.', problems, BOOT_REMEDIES);
  // The adapter loads only for a page that uses WebContainer (one page, one instance).
  if (!webcontainer) {
    const [{ WebContainerRuntime }, { bootWebContainer }] = await Promise.all([import('./webcontainer.ts'), import('./webcontainer-boot.ts')]);
    webcontainer ??= new WebContainerRuntime(bootWebContainer, { progress: bootProgress, ...testOptions() });
  }
  return webcontainer;
}

/** Builds with the test stand-in (LAB_WEBCONTAINER_STANDIN=1, src/test/webcontainer-standin.ts): a
 * test may shorten the boot timeout with ?wcboot=<ms>, so a late boot is tested in seconds; and
 * ports start from a random base, because the stand-in's processes share this machine's loopback
 * (a real WebContainer has its own). A normal build drops this code. */
function testOptions(): { timeoutMs?: number; slowMs?: number; firstPort?: number } {
  if (!import.meta.env.LAB_WEBCONTAINER_STANDIN) return {};
  const ms = Number(new URLSearchParams(location.search).get('wcboot'));
  const firstPort = 20_000 + Math.floor(Math.random() * 40_000);
  return ms > 0 ? { timeoutMs: ms, slowMs: Math.round((ms * 8) / 30), firstPort } : { firstPort };
}

async function resolve(python: boolean): Promise<PageRuntime> {
  const pref = preference();
  const problems = pref === 'local' ? [] : webcontainerProblems();
  // Shared code never falls back to the local runtime by itself.
  const localAvailable = pref === 'webcontainer' || (pref === 'auto' && linkCarriesCode()) ? false : (await detectLocal()) !== null;
  const choice = chooseRuntime({ preference: pref, webcontainerProblems: problems, webcontainerFailed: false, localAvailable, python });
  if (choice.kind === null) throw new RuntimeUnavailableError(choice.reason, problems.length ? problems : BOOT_CAUSES, BOOT_REMEDIES);
  const runtime = await create(choice.kind);
  if (choice.forced || choice.kind === 'local') {
    await runtime.boot();
    return { runtime, forced: choice.forced };
  }
  // Automatic WebContainer: fall back to the local runner if it fails to boot and one exists.
  try {
    await runtime.boot();
    return { runtime, forced: false };
  } catch (err) {
    const fallback = chooseRuntime({ preference: 'auto', webcontainerProblems: problems, webcontainerFailed: true, localAvailable });
    if (fallback.kind !== 'local') throw err;
    const local = await create('local');
    await local.boot();
    return { runtime: local, forced: false, fellBack: err instanceof Error ? err.message : String(err) };
  }
}

/** The runtime for a sandbox in `language` ("node" when not given), booted. The first call boots it;
 * later calls share it. A failure is remembered until retryPageRuntime(). Node and Python sandboxes
 * may get different ones (runtime-choice.ts), but never two WebContainers or two runner connections. */
export function pageRuntime(language?: string): Promise<PageRuntime> {
  const python = language === 'python';
  let runtime = resolved.get(python);
  if (!runtime) resolved.set(python, (runtime = resolve(python)));
  return runtime;
}

/** Retry after a failed boot: forget the failure; the WebContainer runtime waits on its pending boot
 * again, or starts a new one if the last one failed. */
export function retryPageRuntime(language?: string): Promise<PageRuntime> {
  resolved.clear();
  return pageRuntime(language);
}

/** The runtime that will be used, before booting, for the visible label. */
export async function expectedKind(language?: string): Promise<RuntimeKind | null> {
  const python = language === 'python';
  const pref = preference();
  const problems = pref === 'auto' ? webcontainerProblems() : [];
  const localAvailable = pref === 'auto' && (problems.length > 0 || python) && !linkCarriesCode() && (await detectLocal()) !== null;
  return chooseRuntime({ preference: pref, webcontainerProblems: problems, webcontainerFailed: false, localAvailable, python }).kind;
}
