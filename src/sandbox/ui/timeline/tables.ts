// The text alternative of the timeline, and the processes panel: a "Processes" table (one row per
// process, with its Kill button) and a "Lifecycle events" table. Screen readers and tests read
// these. Rows are keyed and updated in place, so a Kill button keeps its focus across updates.
import type { LabEvent } from '../../core/events.ts';
import { describeRole, describeState, isKillable, type ProcessRow } from '../../core/process-table.ts';
import type { ProcessSignal } from '../../core/runtime.ts';
import { describeEvent } from './format.ts';
import { formatClock } from '../format.ts';
import { h, headRow } from '../dom.ts';

function setText(cell: HTMLElement, value: string): void {
  if (cell.textContent !== value) cell.textContent = value;
}

interface ProcessRowView {
  tr: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
  kill: HTMLButtonElement | null;
  /** A gunicorn master's signal control (select and Send), on its row only. */
  signals: HTMLElement | null;
}

/** What a gunicorn master does with each signal, as the control on its row says before it is sent. */
export const MASTER_SIGNALS: ReadonlyArray<[ProcessSignal, string]> = [
  ['SIGHUP', 'reload: new workers import the app and run lifespan, the old ones stop'],
  ['SIGTTIN', 'one more worker'],
  ['SIGTTOU', 'one worker fewer (the oldest)'],
  ['SIGTERM', 'graceful stop: workers finish their requests (graceful_timeout)'],
  ['SIGINT', 'quick stop: workers are not waited for'],
  ['SIGQUIT', 'quick stop, as SIGINT'],
];

export type SignalHandler = (row: ProcessRow, signal: ProcessSignal, button: HTMLButtonElement) => void;

/** The name of a row's Kill button, by role: the reader hears which process it ends, and that
 * ending the top-level process (a cluster primary, a single server) ends the whole server. */
export function killName(row: ProcessRow): string {
  const role = row.role ?? 'process';
  const top = row.role === 'primary' || row.role === 'single';
  return `Kill ${role} ${row.pid}${top ? ': ends the server' : ''}`;
}

export class ProcessesTable {
  readonly element: HTMLTableElement;
  /** Shows or folds the rows of earlier runs (hidden while there are none). */
  readonly earlierToggle = h('button', { type: 'button', class: 'lab-tl-earlier', 'aria-expanded': 'false', hidden: true });
  private showEarlier = false;
  private lastRows: readonly ProcessRow[] = [];
  private lastRun = 0;
  /** Where focus goes when the Kill button that has it goes away (its process exited). */
  focusAfterKill: HTMLElement | null = null;
  private readonly body = h('tbody');
  private readonly views = new Map<string, ProcessRowView>();
  private readonly onKill: (row: ProcessRow, button: HTMLButtonElement) => void;
  private readonly killable: boolean;
  private readonly onSignal: SignalHandler | null;

  /** onKill null: no Kill column (a read-only view, such as a transcript). onSignal: a gunicorn
   * master's row gets a control for its signals (HUP, TTIN, TTOU, TERM, INT, QUIT). */
  constructor(onKill: ((row: ProcessRow, button: HTMLButtonElement) => void) | null, onSignal: SignalHandler | null = null) {
    this.onKill = onKill ?? (() => {});
    this.killable = onKill !== null;
    this.onSignal = onSignal;
    this.element = h(
      'table',
      { class: 'lab-tl-table lab-tl-processes' },
      h('caption', {}, 'Processes'),
      headRow('PID', 'Role', 'State', 'Started', 'Requests answered#', ...(this.killable ? ['Action'] : [])),
      this.body,
    );
    this.earlierToggle.addEventListener('click', () => {
      this.showEarlier = !this.showEarlier;
      this.update(this.lastRows, this.lastRun);
    });
  }

  /** A select naming each signal with what the master does with it, and a Send button. */
  private signalControl(row: ProcessRow): HTMLElement {
    const select = h('select', { class: 'lab-tl-signal-select' });
    select.setAttribute('aria-label', `Signal for the master, ${row.pid}`);
    for (const [signal, does] of MASTER_SIGNALS) select.append(h('option', { value: signal }, `${signal.slice(3)}: ${does}`));
    const send = h('button', { type: 'button', class: 'lab-tl-kill' }, 'Send');
    send.setAttribute('aria-label', `Send the signal to master ${row.pid}`);
    send.addEventListener('click', () => this.onSignal?.(row, select.value as ProcessSignal, send));
    return h('span', { class: 'lab-tl-signals' }, select, send);
  }

  update(rows: readonly ProcessRow[], currentRun: number): void {
    this.lastRows = rows;
    this.lastRun = currentRun;
    const seen = new Set<string>();
    let earlier = 0;
    const order: HTMLTableRowElement[] = [];
    for (const row of rows) {
      seen.add(row.key);
      let view = this.views.get(row.key);
      if (!view) {
        const cells = [h('th', { scope: 'row' }), h('td'), h('td'), h('td'), h('td', { class: 'lab-tl-num' })];
        if (this.killable) cells.push(h('td', { class: 'lab-tl-actions' }));
        view = { tr: h('tr', {}, ...cells), cells, kill: null, signals: null };
        this.views.set(row.key, view);
      }
      const [pid, role, state, started, requests, actions] = view.cells as unknown as [
        HTMLElement,
        HTMLElement,
        HTMLElement,
        HTMLElement,
        HTMLElement,
        HTMLElement?,
      ];
      setText(pid, String(row.pid));
      setText(role, describeRole(row));
      setText(state, describeState(row));
      setText(started, row.startedAt === null ? 'not marked' : formatClock(row.startedAt).slice(0, 8));
      started.title = row.startedAt === null ? 'no start marker was seen for this process' : formatClock(row.startedAt);
      setText(requests, String(row.requests));
      view.tr.className = `lab-tl-proc lab-tl-proc--${row.state}`;
      if (actions) {
        const canKill = isKillable(row, currentRun);
        if (canKill && !view.kill) {
          const button = h('button', { type: 'button', class: 'lab-tl-kill' }, 'Kill');
          button.setAttribute('aria-label', killName(row));
          button.addEventListener('click', () => this.onKill(row, button));
          view.kill = button;
          view.signals = this.onSignal && row.role === 'primary' ? this.signalControl(row) : null;
          actions.replaceChildren(button, ...(view.signals ? [view.signals] : []));
        } else if (!canKill && view.kill) {
          // Its process is gone. A reader who just pressed it keeps focus: it moves to the line
          // that says what the Kill did, not to <body>.
          const hadFocus = view.kill === document.activeElement || (view.signals?.contains(document.activeElement) ?? false);
          view.kill = null;
          view.signals = null;
          actions.replaceChildren();
          if (hadFocus) this.focusAfterKill?.focus();
        }
      }
      // Rows of earlier runs are folded behind one button: the table shows this run's processes.
      const old = row.run < currentRun && row.state === 'exited';
      if (old) earlier++;
      view.tr.hidden = old && !this.showEarlier;
      order.push(view.tr);
    }
    this.earlierToggle.hidden = earlier === 0;
    this.earlierToggle.setAttribute('aria-expanded', String(this.showEarlier));
    const label = `${this.showEarlier ? 'Hide' : 'Show'} ${earlier} process${earlier === 1 ? '' : 'es'} of earlier runs`;
    if (this.earlierToggle.textContent !== label) this.earlierToggle.textContent = label;
    for (const key of [...this.views.keys()]) if (!seen.has(key)) this.views.delete(key);
    // Only rows out of place move: moving a row takes keyboard focus off its buttons, and a reader who
    // just sent a signal from one keeps it while new workers' rows arrive.
    order.forEach((tr, i) => {
      if (this.body.children[i] !== tr) this.body.insertBefore(tr, this.body.children[i] ?? null);
    });
    while (this.body.children.length > order.length) this.body.lastElementChild!.remove();
  }
}

export class EventsTable {
  readonly element: HTMLTableElement;
  private readonly body = h('tbody');
  private readonly rows = new WeakMap<LabEvent, HTMLTableRowElement>();
  private shown: readonly LabEvent[] = [];

  constructor(captionId: string) {
    this.element = h(
      'table',
      { class: 'lab-tl-table lab-tl-events' },
      h('caption', { id: captionId }, 'Lifecycle events'),
      headRow('Time', 'PID', 'Event', 'Details'),
      this.body,
    );
  }

  /** Show these events (the most recent ones), oldest first. Returns whether anything changed. */
  update(events: readonly LabEvent[]): boolean {
    const old = this.shown;
    if (events.length === old.length && events[0] === old[0] && events[events.length - 1] === old[old.length - 1]) return false;
    this.shown = events.slice();
    // The usual case: the list moved on. Drop rows from the front, append the new ones.
    const skip = events.length ? old.indexOf(events[0]!) : -1;
    const kept = skip < 0 ? 0 : old.length - skip;
    if (skip >= 0 && kept <= events.length && events[kept - 1] === old[old.length - 1]) {
      for (let i = 0; i < skip; i++) this.body.firstElementChild?.remove();
      this.body.append(...events.slice(kept).map((e) => this.row(e)));
    } else {
      this.body.replaceChildren(...events.map((e) => this.row(e)));
    }
    return true;
  }

  private row(event: LabEvent): HTMLTableRowElement {
    let tr = this.rows.get(event);
    if (!tr) {
      const d = describeEvent(event);
      tr = h(
        'tr',
        { class: `lab-tl-ev lab-tl-ev--${event.type}` },
        h('td', { class: 'lab-tl-time' }, formatClock(event.t)),
        h('td', {}, d.pid),
        h('td', {}, d.what),
        h('td', {}, d.detail),
      );
      this.rows.set(event, tr);
    }
    return tr;
  }
}
