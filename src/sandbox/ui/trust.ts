// When code may run on this machine without asking. A share link carries code written by someone
// else; on the local runtime it runs on the reader's machine. So, before it runs there:
// - code from a link that differs from the original is run only after the reader confirms, with
//   words that say where it runs and with which rights;
// - where the runner has no OS sandbox (no bubblewrap: macOS, Windows, some Linux), any code that
//   differs from the original needs that confirmation, since it runs with the reader's full rights.
// The browser's own runtime (WebContainer) runs nothing on the machine: no confirmation.

export interface TrustInput {
  kind: string;
  /** The local runner confines examples in an OS sandbox. */
  sandboxed?: boolean;
  fromLink: boolean;
  /** The files differ from the original example. */
  changed: boolean;
  /** The reader already agreed, for these files. */
  confirmed: boolean;
}

export const SANDBOXED_RIGHTS =
  'It will run on this machine, inside a sandbox: it cannot see your home folder or the rest of your files, can write only in its own temporary folder, and has no network.';
export const FULL_RIGHTS =
  "It will run on this machine with your user's full rights: it can read and change your files, start other programs and use the network. Run it only if you trust whoever wrote it.";

/** The question to ask before running, or null when the files may run now. */
export function confirmationNeeded(input: TrustInput): string | null {
  if (input.kind !== 'local' || !input.changed || input.confirmed) return null;
  if (input.sandboxed && !input.fromLink) return null;
  const origin = input.fromLink ? 'This code came from a link, not from this site.' : 'This code is not the original example.';
  return `${origin} ${input.sandboxed ? SANDBOXED_RIGHTS : FULL_RIGHTS}`;
}
