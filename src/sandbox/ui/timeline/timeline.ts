// The processes panel and lifecycle timeline of one sandbox, framework-free. Feed it the session's
// events with push(); it keeps a bounded history and an incremental process table, and
// redraws at most once per animation frame. It never creates an event: Kill only calls onKill,
// and the row changes when the process's exit is really seen.
//
// Mount:  const view = new Timeline(container, { onKill: (pid, signal) => session.kill(pid, signal) });
//         session.subscribe({ event: (e) => view.push(e) });
// Styles: src/sandbox/ui/timeline/timeline.css (imported by whoever bundles the sandbox UI).
import type { LabEvent } from '../../core/events.ts';
import type { KillSignal, ProcessSignal } from '../../core/runtime.ts';
import { ProcessTable, type ProcessRow } from '../../core/process-table.ts';
import { DEFAULT_HISTORY_LIMIT, EventHistory } from '../../core/event-history.ts';
import { layoutTimeline, type ZoomMode } from './layout.ts';
import { drawLaneLabels, drawTimeline } from './svg.ts';
import { EventsTable, killName, MASTER_SIGNALS, ProcessesTable } from './tables.ts';
import { h, uid } from '../dom.ts';

export interface TimelineOptions {
  /** Send `signal` to process `pid` (Session.kill). A result with ok false is shown to the reader. Without it, no Kill buttons. */
  onKill?: (pid: number, signal: ProcessSignal) => unknown;
  /** The server is gunicorn: its master's row gets a control for the master's signals (HUP, TTIN, TTOU…). */
  masterSignals?: boolean;
  /** Events drawn at most (older ones are counted, not kept). Default 2000. */
  historyLimit?: number;
  /** Rows of the "Lifecycle events" table. Default 200. */
  listLimit?: number;
  /** Idle stretches longer than this (ms) are cut out of the time axis. Default 1000. */
  gapMs?: number;
  /** Initial zoom. Default 'fit'. */
  mode?: ZoomMode;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** While events stream in (a burst), the picture is redrawn at most this often; the tables every frame. */
const REDRAW_MS = 100;
const MIN_PX_PER_MS = 0.005;
const MAX_PX_PER_MS = 40;

export class Timeline {
  readonly root: HTMLElement;
  readonly history: EventHistory<LabEvent>;
  /** The processes, built from every event pushed (not only the ones still in the history). */
  table = new ProcessTable();
  private readonly options: TimelineOptions;
  private mode: ZoomMode;
  private pxPerMs = 1;
  private lastFitPxPerMs = 1;
  private frame = 0;
  private later: ReturnType<typeof setTimeout> | null = null;
  private listedVersion = -1;
  private drawnVersion = -1;
  private drawnAt = -Infinity;
  private drawnWidth = -1;
  private stickToEnd = true;
  private readonly resize: ResizeObserver | null;

  private readonly processes: ProcessesTable;
  private readonly events: EventsTable;
  private readonly signal = h('select', { class: 'lab-tl-signal' });
  private readonly killStatus = h('p', { class: 'lab-tl-status' });
  private readonly scroller = h('div', { class: 'lab-tl-scroll' });
  private readonly labels = h('div', { class: 'lab-tl-labels' });
  private readonly svg = document.createElementNS(SVG_NS, 'svg');
  private readonly note = h('p', { class: 'lab-tl-note' });
  private readonly empty = h('p', { class: 'lab-tl-empty' }, 'Nothing has happened yet: press Run.');
  private readonly eventsNote = h('p', { class: 'lab-tl-note' });
  private readonly eventsBox = h('div', { class: 'lab-tl-events-box' });
  private readonly zoom: Record<'fit' | 'follow' | 'in' | 'out', HTMLButtonElement>;

  constructor(container: HTMLElement, options: TimelineOptions = {}) {
    this.options = options;
    this.mode = options.mode ?? 'fit';
    this.history = new EventHistory(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);

    this.processes = new ProcessesTable(
      options.onKill ? (row, button) => void this.kill(row, button) : null,
      options.onKill && options.masterSignals ? (row, signal, button) => void this.send(row, signal, button) : null,
    );
    const captionId = uid('lab-tl-events');
    this.events = new EventsTable(captionId);

    for (const s of ['SIGTERM', 'SIGKILL'] as const) this.signal.append(h('option', { value: s }, s));
    const signalId = uid('lab-tl-signal');
    this.signal.id = signalId;
    this.killStatus.setAttribute('role', 'status');
    this.killStatus.tabIndex = -1; // takes focus from a Kill button whose process is gone
    this.processes.focusAfterKill = this.killStatus;

    const button = (text: string, name: string, action: () => void) => {
      const b = h('button', { type: 'button', class: 'lab-tl-zoom' }, text);
      if (name !== text) {
        b.setAttribute('aria-label', name);
        b.title = name;
      }
      b.addEventListener('click', action);
      return b;
    };
    this.zoom = {
      fit: button('Fit', 'Fit', () => this.setMode('fit')),
      follow: button('Follow', 'Follow', () => this.setMode('follow')),
      out: button('−', 'Zoom out', () => this.zoomBy(0.5)),
      in: button('+', 'Zoom in', () => this.zoomBy(2)),
    };
    const zoomGroup = h('div', { class: 'lab-tl-zoombar' }, this.zoom.fit, this.zoom.follow, this.zoom.out, this.zoom.in);
    zoomGroup.setAttribute('role', 'group');
    zoomGroup.setAttribute('aria-label', 'Timeline zoom');

    this.svg.setAttribute('class', 'lab-tl-svg');
    this.svg.setAttribute('role', 'img');
    this.scroller.append(this.svg);
    this.scroller.addEventListener(
      'scroll',
      () => {
        const s = this.scroller;
        this.stickToEnd = s.scrollLeft + s.clientWidth >= s.scrollWidth - 4;
      },
      { passive: true },
    );
    this.scroller.setAttribute('role', 'group');
    this.scroller.setAttribute('aria-label', 'Timeline picture');
    this.labels.setAttribute('aria-hidden', 'true');

    this.eventsBox.append(this.events.element);
    // Scrolls on its own: focusable so keyboard users can scroll it, named by the table's caption.
    this.eventsBox.tabIndex = 0;
    this.eventsBox.setAttribute('role', 'group');
    this.eventsBox.setAttribute('aria-labelledby', captionId);

    this.root = h(
      'div',
      { class: 'lab-tl' },
      h(
        'div',
        { class: 'lab-tl-processes-panel' },
        h('div', { class: 'lab-tl-table-box' }, this.processes.element),
        this.processes.earlierToggle,
        ...(options.onKill ? [h('div', { class: 'lab-tl-killbar' }, h('label', { for: signalId }, 'Kill sends'), this.signal), this.killStatus] : []),
      ),
      h('div', { class: 'lab-tl-toolbar' }, h('span', { class: 'lab-tl-heading' }, 'Timeline'), zoomGroup),
      h('div', { class: 'lab-tl-view' }, this.scroller, this.labels),
      this.empty,
      this.note,
      legend(),
      this.eventsBox,
      this.eventsNote,
    );
    container.replaceChildren(this.root);
    this.syncZoomButtons();

    this.resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.schedule()) : null;
    this.resize?.observe(this.scroller);
    this.schedule();
  }

  /** Add one event (subscribe this to the session). */
  push(event: LabEvent): void {
    this.history.push(event);
    this.table.apply(event);
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private setMode(mode: ZoomMode): void {
    this.mode = mode;
    this.stickToEnd = true;
    this.syncZoomButtons();
    this.redrawNow();
  }

  private zoomBy(factor: number): void {
    const base = this.mode === 'fit' ? this.lastFitPxPerMs || 1 : this.pxPerMs;
    this.pxPerMs = clampScale(base * factor);
    this.mode = 'follow';
    this.syncZoomButtons();
    this.redrawNow();
  }

  private redrawNow(): void {
    this.drawnVersion = -1;
    this.drawnAt = -Infinity;
    this.schedule();
  }

  private syncZoomButtons(): void {
    this.zoom.fit.setAttribute('aria-pressed', String(this.mode === 'fit'));
    this.zoom.follow.setAttribute('aria-pressed', String(this.mode === 'follow'));
  }

  private kill(row: ProcessRow, button: HTMLButtonElement): Promise<void> {
    return this.send(row, this.signal.value as KillSignal, button);
  }

  private async send(row: ProcessRow, signal: ProcessSignal, button: HTMLButtonElement): Promise<void> {
    if (button.getAttribute('aria-disabled') === 'true') return; // already sending
    const who = killName(row).slice('Kill '.length).replace(/: .*/, '');
    const does = this.options.masterSignals && row.role === 'primary' ? MASTER_SIGNALS.find(([s]) => s === signal)?.[1] : undefined;
    // aria-disabled, not disabled: a disabled button loses keyboard focus to <body>.
    button.setAttribute('aria-disabled', 'true');
    this.killStatus.textContent = `Sending ${signal} to ${who}…`;
    try {
      const result = (await this.options.onKill?.(row.pid, signal)) as { ok?: boolean; error?: string } | undefined;
      this.killStatus.textContent =
        result && result.ok === false
          ? `Could not send ${signal} to ${who}: ${result.error ?? 'unknown error'}`
          : `You sent ${signal} to ${who}${does ? `, the gunicorn master: ${does}` : ''}.`;
    } catch (err) {
      this.killStatus.textContent = `Could not send ${signal} to ${who}: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }

  private render(): void {
    // Read the geometry first, then only write: no forced layout in between.
    const width = this.scroller.clientWidth;
    const box = this.eventsBox;
    const boxAtEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    const version = this.history.version;
    const events = this.history.list();
    if (version !== this.listedVersion) {
      this.listedVersion = version;
      this.processes.update(this.table.rows, this.table.run);
      const limit = this.options.listLimit ?? 200;
      if (this.events.update(events.slice(-limit)) && boxAtEnd) box.scrollTop = 1e9;
      const listed = Math.min(limit, events.length);
      const total = events.length + this.history.dropped;
      this.eventsNote.textContent = total > listed ? `The table lists the last ${listed} of ${total} events.` : '';
      const dropped = this.history.dropped;
      this.note.textContent = dropped ? `Showing the last ${events.length} events; ${dropped} older ${dropped === 1 ? 'one is' : 'ones are'} not drawn.` : '';
      this.empty.hidden = events.length > 0;
    }
    if (width === 0) return; // hidden: the ResizeObserver brings us back when it shows
    if (version === this.drawnVersion && width === this.drawnWidth) return;
    const wait = this.drawnAt + REDRAW_MS - performance.now();
    if (version !== this.drawnVersion && width === this.drawnWidth && wait > 0) {
      this.later ??= setTimeout(() => {
        this.later = null;
        this.schedule();
      }, wait);
      return;
    }
    this.drawnVersion = version;
    this.drawnWidth = width;
    this.drawnAt = performance.now();

    const layout = layoutTimeline(events, this.table.rows, { width, mode: this.mode, pxPerMs: this.pxPerMs, gapMs: this.options.gapMs });
    if (this.mode === 'fit') this.lastFitPxPerMs = layout.pxPerMs;
    drawTimeline(this.svg, layout);
    drawLaneLabels(this.labels, layout);
    const processes = layout.lanes.filter((l) => l.pid !== null).length;
    this.svg.setAttribute(
      'aria-label',
      `Timeline of ${processes} process${processes === 1 ? '' : 'es'} and ${layout.requests} request${layout.requests === 1 ? '' : 's'}; the Processes and Lifecycle events tables give the same facts as text.`,
    );
    // Focusable only while it scrolls, so keyboard users can scroll it and nobody else gets an extra stop.
    if (layout.width > width) this.scroller.tabIndex = 0;
    else this.scroller.removeAttribute('tabindex');
    if (this.mode === 'follow' && this.stickToEnd) this.scroller.scrollLeft = layout.width;
  }
}

function clampScale(v: number): number {
  return Math.min(MAX_PX_PER_MS, Math.max(MIN_PX_PER_MS, v));
}

/** What the shapes mean. Decorative swatches, visible words. */
function legend(): HTMLElement {
  const item = (swatch: string, words: string) => {
    const li = h('li');
    li.innerHTML = `<svg aria-hidden="true" width="16" height="12" viewBox="0 0 16 12">${swatch}</svg>`;
    li.append(words);
    return li;
  };
  return h(
    'ul',
    { class: 'lab-tl-legend' },
    item('<path class="lab-tl-start" d="M4 0L12 6L4 12Z"/>', 'module start'),
    item('<circle class="lab-tl-listening" cx="8" cy="6" r="4"/>', 'listening'),
    item('<circle class="lab-tl-mark" cx="8" cy="6" r="3"/>', 'event'),
    item('<rect class="lab-tl-req lab-tl-req--s2xx" x="1" y="3" width="14" height="6" rx="1"/>', '2xx'),
    item('<rect class="lab-tl-req lab-tl-req--s4xx" x="1" y="3" width="14" height="6" rx="1"/>', '4xx'),
    item('<rect class="lab-tl-req lab-tl-req--s5xx" x="1" y="3" width="14" height="6" rx="1"/>', '5xx'),
    item('<rect class="lab-tl-req lab-tl-req--error" x="1" y="3" width="14" height="6" rx="1"/>', 'no response'),
    item('<path class="lab-tl-exit lab-tl-exit--bad" d="M4 2L12 10M4 10L12 2"/>', 'exit'),
    item('<line class="lab-tl-session" x1="8" x2="8" y1="0" y2="12"/>', 'run, stop, restart'),
    item('<rect class="lab-tl-req lab-tl-req--s2xx" x="0" y="3" width="16" height="6" rx="1"/>', 'a burst: one mark per process, ×count'),
    item('<rect class="lab-tl-break" x="3" y="0" width="10" height="12"/>', 'idle time cut out (≈ its length)'),
  );
}
