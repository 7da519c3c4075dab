// When the page may not use the local runtime, whatever the choice rules say: code from the local
// runtime runs on the reader's machine, so a page that another site framed (clickjacking, on a host
// that cannot send frame-ancestors) and a browser that lacks the right to run get a refusal that
// says what to do. A share link's code never picks the local runtime by itself (no ?runtime=local
// from the link, no automatic fallback): only the reader's own choice does.
import { RuntimeUnavailableError } from '../core/runtime.ts';
import { splitShareHash } from '../core/share-hash.ts';
import { rightStorageProblem } from '../core/run-right.ts';

/** This page is inside a frame. */
export function framed(): boolean {
  try {
    return window.top !== window.self;
  } catch {
    return true; // a cross-origin top cannot even be compared
  }
}

/** The address carries a share link's code (#anchor~payload). */
export function linkCarriesCode(): boolean {
  return splitShareHash(location.hash).payload !== null;
}

/** Why this page may not run on the local runtime now, or null. `locked` is the runner's refusal when the browser lacks the right. */
export function localRefusal(locked: string | undefined): RuntimeUnavailableError | null {
  if (framed())
    return new RuntimeUnavailableError(
      'This page is shown inside a frame, so it will not run code on this machine.',
      ['another page embeds this one; a click there could run code here without you knowing'],
      ['open the page in its own tab', 'read the recorded output below'],
    );
  if (locked) {
    // The right lives in this site's storage: a full or blocked storage cannot keep it.
    const storage = rightStorageProblem();
    return new RuntimeUnavailableError('This browser may not run examples on this machine yet.', storage ? [locked, storage] : [locked], [
      ...(storage ? ["free this site's storage: Reset examples whose edits you no longer need, or clear this site's data in the browser's settings"] : []),
      'open the address that npm start printed (it ends in #lab-secret=…) in this browser, then come back to this page',
      'read the recorded output below',
    ]);
  }
  return null;
}
