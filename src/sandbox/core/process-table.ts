// The processes panel's model: one row per real process of a sandbox, derived only from
// lifecycle events (src/sandbox/core/events.ts). A row appears when a process shows itself and
// ends when an exit is seen; the rows of dead processes stay, so a refork reads as "4243 exited,
// 4250 started". Nothing here guesses: a row's fields are what the events said, or absent.
//
// What creates a row (the evidence that a process exists):
// - its start marker ([lab] start), which also gives its role;
// - a listening marker or a response carrying its pid (x-pid header): the process printed or
//   answered, so it exists even when the reader deleted its lab.start() line. Such a row has
//   role null. A response also makes it 'listening': it answered HTTP, so it serves;
// - an exit marker naming it (printed by its parent, such as a cluster primary): role null,
//   already exited.
// A [lab] event mark from an unknown pid creates no row: it proves the process runs but says
// nothing about its state. The timeline still draws it (see src/sandbox/ui/timeline-layout.ts).
// A request without a pid (an error, or a server that sends no x-pid) belongs to no row.
import type { LabEvent, Role } from './events.ts';

export type ProcessState = 'starting' | 'listening' | 'exited';

export interface ProcessRow {
  /** Unique per row: pid plus a serial, as a pid may be reused by a later process. */
  key: string;
  pid: number;
  /** From the start marker; null when the row exists from other evidence only. */
  role: Role | null;
  state: ProcessState;
  /** Time of the start marker, or null when none was seen. */
  startedAt: number | null;
  /** Time of the first evidence of this process (equals startedAt when a start marker came first). */
  seenAt: number;
  listeningAt?: number;
  exitedAt?: number;
  /** Exit code and signal. With exitedBy 'server' they are the top-level process's, not this one's. */
  code?: number | null;
  signal?: string | null;
  /**
   * 'marker': an exit marker named this pid (printed by its parent, or by itself on the way out).
   * 'server': the top-level process the sandbox started ended (exit event with pid null), and
   * took this one with it: the runtime kills the whole process tree at that point.
   */
  exitedBy?: 'marker' | 'server';
  /** Responses that carried this pid. */
  requests: number;
  /** Further start markers with role 'thread' on this pid: worker threads share their process's pid. */
  threads: number;
  /** The session run (counted by 'session' run events) during which the row appeared. */
  run: number;
}

/** Rows kept at most; beyond it the oldest exited rows go (live rows always stay). */
export const DEFAULT_MAX_ROWS = 200;

/** An incremental process table: feed it events in the order they were emitted. */
export class ProcessTable {
  readonly rows: ProcessRow[] = [];
  /** The current session run; 0 before the first 'run' event. */
  run = 0;
  /** Exited rows dropped to respect maxRows. */
  dropped = 0;
  private serial = 0;
  private readonly maxRows: number;

  constructor(maxRows = DEFAULT_MAX_ROWS) {
    this.maxRows = maxRows;
  }

  /** The newest row for `pid`, preferring one still alive. */
  find(pid: number): ProcessRow | undefined {
    let latest: ProcessRow | undefined;
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i]!;
      if (row.pid !== pid) continue;
      if (row.state !== 'exited') return row;
      latest ??= row;
    }
    return latest;
  }

  private alive(pid: number): ProcessRow | undefined {
    const row = this.find(pid);
    return row && row.state !== 'exited' ? row : undefined;
  }

  private add(pid: number, t: number, fields: Partial<ProcessRow>): ProcessRow {
    const row: ProcessRow = {
      key: `${pid}-${++this.serial}`,
      pid,
      role: null,
      state: 'starting',
      startedAt: null,
      seenAt: t,
      requests: 0,
      threads: 0,
      run: this.run,
      ...fields,
    };
    this.rows.push(row);
    this.trim();
    return row;
  }

  private trim(): void {
    while (this.rows.length > this.maxRows) {
      const index = this.rows.findIndex((r) => r.state === 'exited');
      if (index < 0) return;
      this.rows.splice(index, 1);
      this.dropped++;
    }
  }

  apply(event: LabEvent): void {
    switch (event.type) {
      case 'session':
        // Session.restart() emits restart, stop, the server's exit, then run: only 'run' begins a new run.
        if (event.action === 'run') this.run++;
        return;
      case 'start': {
        const row = this.alive(event.pid);
        if (!row) {
          this.add(event.pid, event.t, { role: event.role, startedAt: event.t });
        } else if (event.role === 'thread' && row.role !== null) {
          row.threads++;
        } else if (row.role === null) {
          // Other evidence came first (output order between processes is not guaranteed).
          row.role = event.role;
          row.startedAt = event.t;
        }
        // A second start marker of a non-thread role on a live pid changes nothing.
        return;
      }
      case 'listening': {
        const row = this.alive(event.pid) ?? this.add(event.pid, event.t, {});
        if (row.state === 'starting') {
          row.state = 'listening';
          row.listeningAt = event.t;
        }
        return;
      }
      case 'request': {
        if (event.pid === null || event.status === null) return;
        // A response from a process that already exited still counts for it: the request event
        // carries the time it was sent, and arrives after the response, which may be after the exit.
        const row = this.find(event.pid) ?? this.add(event.pid, event.t, { state: 'listening' });
        row.requests++;
        if (row.state === 'starting') row.state = 'listening';
        return;
      }
      case 'exit': {
        if (event.pid === null) {
          for (const row of this.rows) {
            if (row.state !== 'exited' && row.run === this.run) end(row, event, 'server');
          }
          return;
        }
        const row = this.find(event.pid);
        if (row?.state === 'exited') return; // already ended (its parent and itself both said so)
        end(row ?? this.add(event.pid, event.t, {}), event, 'marker');
        return;
      }
      case 'mark':
        return;
    }
  }
}

function end(row: ProcessRow, event: Extract<LabEvent, { type: 'exit' }>, by: 'marker' | 'server'): void {
  row.state = 'exited';
  row.exitedAt = event.t;
  row.code = event.code;
  row.signal = event.signal;
  row.exitedBy = by;
}

/** The process table for a list of events, in emission order. */
export function buildProcessTable(events: Iterable<LabEvent>, maxRows = DEFAULT_MAX_ROWS): ProcessRow[] {
  const table = new ProcessTable(maxRows);
  for (const event of events) table.apply(event);
  return table.rows;
}

/** Whether the reader may send a signal to this row's process: alive, and of the current run. */
export function isKillable(row: ProcessRow, currentRun: number): boolean {
  return row.state !== 'exited' && row.run === currentRun;
}

/** "worker", "single + 2 threads", or "unknown" when no start marker was seen. */
export function describeRole(row: ProcessRow): string {
  const role = row.role ?? 'unknown';
  return row.threads > 0 ? `${role} + ${row.threads} thread${row.threads === 1 ? '' : 's'}` : role;
}

/** How an exit reads: "code 1", "SIGKILL", "code 0". */
export function describeExit(code: number | null | undefined, signal: string | null | undefined): string {
  if (signal) return signal;
  if (code === null || code === undefined) return 'unknown code';
  return `code ${code}`;
}

/**
 * "started, not listening", "listening", "exited (code 1)", "exited (server ended, code 143)".
 * 'starting' reads "started, not listening": true both for a worker about to listen and for a
 * cluster primary, which runs on without ever printing a listening marker.
 */
export function describeState(row: ProcessRow): string {
  if (row.state === 'starting') return 'started, not listening';
  if (row.state !== 'exited') return row.state;
  const how = describeExit(row.code, row.signal);
  return row.exitedBy === 'server' ? `exited (server ended, ${how})` : `exited (${how})`;
}
