// The one contract between the static sandbox markup (src/components/Sandbox.astro) and the client
// that brings it to life (loader.ts, app.ts): the config the page embeds, the data-* slots the
// client fills, and the toolbar's actions. Both sides import it, so neither can drift.
import type { FileTree } from '../core/runtime.ts';
import type { SuggestedRequest } from '../core/example.ts';
import type { CapabilityId } from '../core/capabilities.ts';
import type { SandboxStep } from '../core/track.ts';

/** Embedded as JSON in the sandbox's <script data-config>. */
export interface SandboxConfig {
  id: string;
  /** The sandbox's element id and URL anchor; also its folder in the runtime. */
  anchor: string;
  title: string;
  /** The file whose tab opens first. */
  open: string;
  /** Arguments to node; for a Python example, the whole command (uvicorn, gunicorn or python …). */
  command: string[];
  /** "python" for a FastAPI example (absent: Node). */
  language?: 'python';
  /** Python only: requirements.txt's pins ("fastapi==0.142.2", …) for the downloaded project. */
  pins?: string[];
  requests: SuggestedRequest[];
  /** What the example needs from the runtime (checked before its first run in the browser). */
  needs: CapabilityId[];
  files: FileTree;
  /** The files in tab order. */
  paths: string[];
  hash: string;
  /** The onboarding track's steps done in this example (content/track.json). */
  track: SandboxStep[];
}

/** Elements the client finds by attribute, each a data-* attribute on the static markup. */
export const SLOTS = {
  config: 'data-config',
  status: 'data-status',
  notice: 'data-notice',
  transcript: 'data-transcript',
  /** The guide's "Try this" steps, when given, and the track's steps for this example. */
  try: 'data-try',
} as const;
export type Slot = keyof typeof SLOTS;

/** The attribute that marks an element as a slot, for markup: <span {...slotAttr('status')}>. */
export const slotAttr = (slot: Slot): Record<string, string> => ({ [SLOTS[slot]]: '' });
export const slotSelector = (slot: Slot): string => `[${SLOTS[slot]}]`;

/** The toolbar's buttons, in order, with their accessible names. */
export const ACTIONS = {
  run: 'Run',
  stop: 'Stop',
  restart: 'Restart',
  reset: 'Reset',
  share: 'Share',
  link: 'Copy link',
  stackblitz: 'Open in StackBlitz',
  download: 'Download',
} as const;
export type Action = keyof typeof ACTIONS;
/** Accessible names longer than the button's text (the text stays their start, for voice control). */
export const ACTION_LABELS: Partial<Record<Action, string>> = {
  link: 'Copy link to this example',
  download: 'Download these files as a .zip',
};
/** Take-home actions: inline on a wide toolbar, folded behind one "Share ▾" button on a phone's. */
export const TAKE_HOME: readonly Action[] = ['share', 'link', 'stackblitz', 'download'];
export const isAction = (name: string | undefined): name is Action => name !== undefined && Object.hasOwn(ACTIONS, name);
export const actionSelector = (action: Action): string => `button[data-action="${action}"]`;

/**
 * A file's syntax colours in the static view, in the <pre>'s data-colours attribute (written by
 * src/components/code-runs.ts, painted by paint-code.ts). As a string without quotes, so the HTML
 * does not spell &quot; a thousand times: "colour,colour,…;length index length index …".
 */
export interface CodeColors {
  /** Colours, each "dark" or "dark light" (the dark and light theme's colour for one token kind). */
  c: string[];
  /** Runs covering the text in order, as pairs: length in UTF-16 units, index into c (-1: no colour). */
  r: number[];
}
export const CODE_COLOURS_ATTR = 'data-colours';
/** A code block of a page's text made one plain <pre> (src/integration/plain-code-blocks.ts), painted the same way. */
export const PLAIN_CODE_CLASS = 'lab-plain-code';
export const encodeColours = ({ c, r }: CodeColors): string => `${c.join(',')};${r.join(' ')}`;
export function decodeColours(text: string): CodeColors {
  const [c = '', r = ''] = text.split(';');
  return { c: c.split(','), r: r.split(' ').map(Number) };
}
