// Which runtime a page uses. Automatic: WebContainer where it can work, else the local runner when
// the site is served by `npm start` / `npm run dev`. A URL parameter (?runtime=webcontainer|local)
// or the visible switch forces one, with no fallback, so a reader (or a test) sees exactly that runtime.
import type { RuntimeKind } from './runtime.ts';

export type RuntimePreference = RuntimeKind | 'auto';

export interface ChoiceInput {
  preference: RuntimePreference;
  /** Problems that rule WebContainer out before booting (see webcontainer.ts preflight). */
  webcontainerProblems: string[];
  /** WebContainer already failed to boot on this page. */
  webcontainerFailed: boolean;
  localAvailable: boolean;
  /** The sandbox runs Python, which WebContainer cannot: the local runner is the only live choice. */
  python?: boolean;
}

export type Choice = { kind: RuntimeKind; forced: boolean } | { kind: null; reason: string };

export function parsePreference(search: string, stored: string | null): RuntimePreference {
  const value = new URLSearchParams(search).get('runtime') ?? stored;
  return value === 'webcontainer' || value === 'local' ? value : 'auto';
}

export function chooseRuntime(input: ChoiceInput): Choice {
  if (input.preference !== 'auto') return { kind: input.preference, forced: true };
  // Under npm start a Python sandbox runs live even where WebContainer works for the page's Node ones.
  if (input.python && input.localAvailable) return { kind: 'local', forced: false };
  if (input.webcontainerProblems.length === 0 && !input.webcontainerFailed) return { kind: 'webcontainer', forced: false };
  if (input.localAvailable) return { kind: 'local', forced: false };
  return {
    kind: null,
    reason: input.webcontainerFailed
      ? 'WebContainer could not start, and no local runner serves this site.'
      : `WebContainer cannot run here: ${input.webcontainerProblems.join('; ')}.`,
  };
}

/** The visible label. On the local runtime it says with which rights examples run (sandboxed: the runner's OS sandbox). */
export function runtimeLabel(kind: RuntimeKind, sandboxed?: boolean): string {
  if (kind === 'webcontainer') return 'Runs in your browser (WebContainer)';
  return sandboxed ? 'Runs on this machine, sandboxed' : "Runs on this machine, with your user's full rights";
}
