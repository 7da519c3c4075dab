// Words of the timeline and its text alternative: status classes and one line per lifecycle
// event. Pure, so the text that screen readers and tests read is tested.
import type { LabEvent } from '../../core/events.ts';
import { describeExit } from '../../core/process-table.ts';
import { formatLatency } from '../format.ts';

export type StatusClass = 's2xx' | 's3xx' | 's4xx' | 's5xx' | 'error';

export function statusClass(status: number | null | undefined): StatusClass {
  if (typeof status !== 'number') return 'error';
  if (status >= 500) return 's5xx';
  if (status >= 400) return 's4xx';
  if (status >= 300) return 's3xx';
  return 's2xx';
}

/** What one event was, in words: the "Event" and "Details" columns of the events table. */
export function describeEvent(event: LabEvent): { pid: string; what: string; detail: string } {
  switch (event.type) {
    case 'start':
      return { pid: String(event.pid), what: 'start', detail: `module code started (${event.role})` };
    case 'listening':
      return { pid: String(event.pid), what: 'listening', detail: event.port ? `port ${event.port}` : '' };
    case 'mark': {
      const fields = Object.entries(event.fields)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
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
