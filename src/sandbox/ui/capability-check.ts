// Before an example's first run in the browser's runtime: does the runtime do what the example
// needs? Each capability is probed once per browser session (core/capabilities.ts). When one is
// missing the reader is told in one sentence, sees the recorded run, and is offered the local
// runtime (where the site serves one) or the files to run with their own Node: never a silent
// timeout. The local runtime is real Node, tested with every example, so it is never probed: the
// sandbox (app.ts) loads this module only for another runtime.
import { CAPABILITIES, CapabilityCache, type CapabilityId, type ProbeResult } from '../core/capabilities.ts';
import type { FileTree, Runtime } from '../core/runtime.ts';
import { h } from './dom.ts';

export { CAPABILITIES };

/** Stopping a busy loop always works in the end (the runtime restarts); it is reported, not required. */
const REQUIRED = (needs: CapabilityId[]) => needs.filter((id) => id !== 'stop-busy-loop');

function sessionStore(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage disabled: every page probes again
  }
}

/** The needed capabilities the runtime lacks; `onProbe` is told which one is being checked. */
export async function missingCapabilities(runtime: Runtime, needs: CapabilityId[], onProbe: (id: CapabilityId) => void): Promise<ProbeResult[]> {
  const cache = new CapabilityCache(sessionStore(), runtime.kind);
  const missing: ProbeResult[] = [];
  for (const id of REQUIRED(needs)) {
    if (!cache.get(id)) onProbe(id);
    const result = await cache.check(runtime, id);
    if (!result.ok) missing.push(result);
  }
  return missing;
}

export interface MissingHost {
  showTranscript(): void;
  useLocal: (() => void) | null;
  files: FileTree;
}

/** The one-sentence notice, with the recorded run first, then the local runtime or the files. */
export function missingNotice(missing: ProbeResult[], host: MissingHost): HTMLElement {
  const names = missing.map((m) => CAPABILITIES[m.id].name).join(' and ');
  const why = missing.map((m) => m.detail).join('; ');
  const button = (text: string, onClick: () => void) => {
    const b = h('button', { type: 'button' }, text);
    b.addEventListener('click', onClick);
    return b;
  };
  const downloads = Object.entries(host.files).map(([path, text]) => {
    const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/javascript' })), download: path.replaceAll('/', '_') }, path);
    return h('li', {}, link);
  });
  return h(
    'div',
    {},
    h('p', {}, `This example needs ${names}, which the runtime in your browser does not provide (checked just now: ${why}).`),
    h(
      'p',
      { class: 'lab-notice-actions' },
      button('Show the recorded run', host.showTranscript),
      host.useLocal ? ' ' : null,
      host.useLocal ? button('Run on this machine instead', host.useLocal) : null,
    ),
    h('details', { class: 'lab-downloads' }, h('summary', {}, 'Download the files to run them with your own Node'), h('ul', {}, ...downloads)),
  );
}
