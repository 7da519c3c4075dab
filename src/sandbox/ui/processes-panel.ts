// Processes, the timeline and the lifecycle events, under one disclosure. On a phone a running
// sandbox was about three screens tall, so there it starts closed until the reader asks for it.
import { h } from './dom.ts';

/** Wide enough to show the panel from the start (the width where Starlight shows its sidebar). */
const WIDE = '(min-width: 50rem)';

export function processesPanel(content: HTMLElement): HTMLDetailsElement {
  const panel = h('details', { class: 'lab-processes' }, h('summary', { class: 'lab-panel-title' }, 'Processes, timeline and lifecycle events'), content);
  panel.open = window.matchMedia(WIDE).matches;
  return panel;
}
