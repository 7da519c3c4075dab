// Lifecycle events: what the process view and the timeline draw. They come only from real
// behaviour: [lab] marker lines the example prints (see content/examples/_shared/lab.js),
// the request agent's results, and the runtime's process exits. Nothing here invents one.

export type Role = 'single' | 'primary' | 'worker' | 'child' | 'thread';

export type LabEvent =
  | { type: 'start'; t: number; pid: number; role: Role }
  | { type: 'listening'; t: number; pid: number; port?: number }
  | { type: 'mark'; t: number; pid: number; name: string; fields: Record<string, string> }
  | { type: 'exit'; t: number; pid: number | null; code: number | null; signal: string | null }
  | { type: 'request'; t: number; pid: number | null; ms: number; status: number | null; error?: string; path: string }
  | { type: 'session'; t: number; action: 'run' | 'stop' | 'restart' | 'edit' };

import { stripAnsi } from './ansi.ts';

const ROLES = new Set<Role>(['single', 'primary', 'worker', 'child', 'thread']);
/** Other names for a role: gunicorn calls its primary process the master (content/examples/_shared/lab.py). */
const ROLE_ALIASES: Record<string, Role> = { master: 'primary' };
const MARKER = /^\[lab\] ([a-z][\w-]*)((?: [\w-]+=\S*)*)\s*$/;

/** Parse one output line. Returns null for anything that is not a well-formed marker. */
export function parseMarker(line: string, t: number): LabEvent | null {
  // Strip escape codes: a reader may colour their logs, and `node --watch` prints ESC c before a
  // restart's first line.
  const match = MARKER.exec(stripAnsi(line).trim());
  if (!match) return null;
  const [, event, rest] = match as unknown as [string, string, string];
  const fields: Record<string, string> = {};
  for (const pair of rest.trim().split(' ').filter(Boolean)) {
    const eq = pair.indexOf('=');
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const pid = Number(fields.pid);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const num = (v: string | undefined) => (v === undefined || v === '' || v === 'null' || v === 'undefined' ? null : Number(v));
  switch (event) {
    case 'start': {
      const named = fields.role ?? 'single';
      const role = (ROLE_ALIASES[named] ?? named) as Role;
      return { type: 'start', t, pid, role: ROLES.has(role) ? role : 'single' };
    }
    case 'listening':
      return { type: 'listening', t, pid, port: num(fields.port) ?? undefined };
    case 'exit':
      return { type: 'exit', t, pid, code: num(fields.code), signal: fields.signal && fields.signal !== 'null' ? fields.signal : null };
    default: {
      const { pid: _pid, name, ...others } = fields;
      return { type: 'mark', t, pid, name: name ?? event, fields: others };
    }
  }
}

/** Splits a stream of text chunks into complete lines. */
export class LineSplitter {
  private rest = '';
  push(chunk: string, onLine: (line: string) => void): void {
    const parts = (this.rest + chunk).split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  }
  flush(onLine: (line: string) => void): void {
    if (this.rest) onLine(this.rest);
    this.rest = '';
  }
}
