// The banner a share link gets: the link's code is someone else's, so it is shown, not applied.
// It says the example was changed by a link, shows a diff of every changed file (tabs the reader is
// not looking at included), and lets the reader load the shared version or keep the original.
// Nothing in the diff may hide: lines wrap (no code far off to the right), and invisible or
// direction-changing characters and long runs of spaces are shown as marks (core/line-diff.ts).
import type { FileTree } from '../core/runtime.ts';
import { hiddenSummary, lineDiff, segments } from '../core/line-diff.ts';
import { h } from './dom.ts';

/** Unchanged lines shown around each change; longer runs are folded. */
const CONTEXT = 2;

/** A line's text with its hidden parts as marks (each names what it stands for). */
function lineView(cls: string, prefix: string, text: string): HTMLElement {
  const parts = segments(text).map((s) => ('mark' in s ? h('mark', { class: 'lab-diff-hidden', title: s.title }, s.mark) : s.text));
  return h('span', { class: cls }, prefix, ...parts, '\n');
}

function diffView(before: string, after: string): HTMLElement {
  const lines = lineDiff(before, after);
  const near = (i: number) => lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.op !== ' ');
  const rows: HTMLElement[] = [];
  let folded = 0;
  for (const [i, line] of lines.entries()) {
    if (line.op === ' ' && !near(i)) {
      folded++;
      continue;
    }
    if (folded) rows.push(h('span', { class: 'lab-diff-fold' }, `… ${folded} unchanged line${folded === 1 ? '' : 's'}\n`));
    folded = 0;
    const cls = line.op === '+' ? 'lab-diff-add' : line.op === '-' ? 'lab-diff-del' : 'lab-diff-same';
    rows.push(lineView(cls, `${line.op} `, line.text));
  }
  if (folded) rows.push(h('span', { class: 'lab-diff-fold' }, `… ${folded} unchanged line${folded === 1 ? '' : 's'}\n`));
  return h('pre', { class: 'lab-diff' }, ...rows);
}

export interface ShareBannerOptions {
  original: FileTree;
  shared: FileTree;
  /** The reader has edits of their own that loading would replace. */
  replacesOwnEdits: boolean;
  onLoad(): void;
  onKeep(): void;
}

export function shareBanner(options: ShareBannerOptions): HTMLElement {
  const changed = Object.keys(options.shared).filter((path) => options.shared[path] !== options.original[path]);
  // Counted on the lines the link adds: those are the ones to read.
  const added = changed.flatMap((path) => lineDiff(options.original[path] ?? '', options.shared[path] ?? '').filter((l) => l.op === '+'));
  const hidden = hiddenSummary(added.map((l) => l.text));
  const load = h('button', { type: 'button' }, 'Load the shared version');
  const keep = h('button', { type: 'button' }, options.replacesOwnEdits ? 'Keep my edits' : 'Keep the original');
  load.addEventListener('click', () => options.onLoad());
  keep.addEventListener('click', () => options.onKeep());
  return h(
    'div',
    { class: 'lab-share-banner', role: 'group', 'aria-label': 'Changes from a link' },
    h(
      'p',
      {},
      h('strong', {}, 'This example was changed by a link. '),
      `Someone else wrote these changes; read them before you load or run them.${options.replacesOwnEdits ? ' Loading them replaces your own edits.' : ''}`,
    ),
    changed.length === 0 ? h('p', {}, 'The link changes nothing: it carries the original files.') : null,
    hidden ? h('p', { class: 'lab-diff-warning' }, hidden) : null,
    ...changed.map((path) =>
      h('details', { open: true }, h('summary', {}, `Changes to ${path}`), diffView(options.original[path] ?? '', options.shared[path] ?? '')),
    ),
    h('p', {}, load, ' ', keep),
  );
}
