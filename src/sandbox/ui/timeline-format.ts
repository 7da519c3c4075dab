// Words and numbers of the timeline and its text alternative: times, durations, status classes
// and one line per lifecycle event. Pure, so the text that screen readers and tests read is tested.
import type { LabEvent } from '../core/events.ts';
import { describeExit } from '../core/process-table.ts';

export type StatusClass = 's2xx' | 's3xx' | 's4xx' | 's5xx' | 'error';

export function statusClass(status: number | null | undefined): StatusClass {
  if (typeof status !== 'number') return 'error';
  if (status >= 500) return 's5xx';
  if (status >= 400) return 's4xx';
  if (status >= 300) return 's3xx';
  return 's2xx';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds: "14:03:05.120". */
export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A span of time, short: "0 ms", "120 ms", "1.25 s", "12.5 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number(s.toFixed(s < 10 ? 2 : 1))} s`;
  }
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${min} min ${s} s` : `${min} min`;
}

/** A request's latency as shown to the reader: "3 ms", "0.4 ms", "1.52 s". */
export function formatLatency(ms: number): string {
  if (ms < 1) return `${Number(ms.toFixed(1))} ms`;
  return formatDuration(ms);
}

/** What one event was, in words: the "Event" and "Details" columns of the events table. */
export function describeEvent(event: LabEvent): { pid: string; what: string; detail: string } {
  switch (event.type) {
    case 'start':
      return { pid: String(event.pid), what: 'start', detail: `module code started (${event.role})` };
    case 'listening':
      return { pid: String(event.pid), what: 'listening', detail: event.port ? `port ${event.port}` : '' };
    case 'mark': {
      const fields = Object.entries(event.fields).map(([k, v]) => `${k}=${v}`).join(' ');
      return { pid: String(event.pid), what: event.name, detail: fields };
    }
    case 'request': {
      const outcome = event.status === null ? `error${event.error ? `: ${event.error}` : ''}` : String(event.status);
      return { pid: event.pid === null ? '' : String(event.pid), what: 'request', detail: `${event.path} → ${outcome}, ${formatLatency(event.ms)}` };
    }
    case 'exit':
      return event.pid === null
        ? { pid: '', what: 'server exit', detail: `the process the sandbox started ended (${describeExit(event.code, event.signal)})` }
        : { pid: String(event.pid), what: 'exit', detail: describeExit(event.code, event.signal) };
    case 'session':
      return { pid: '', what: event.action, detail: SESSION_WORDS[event.action] };
  }
}

const SESSION_WORDS: Record<Extract<LabEvent, { type: 'session' }>['action'], string> = {
  run: 'Run: the sandbox started the server',
  stop: 'Stop: the sandbox stopped the server',
  restart: 'Restart: stop, then run again',
  edit: 'a file was edited',
};
