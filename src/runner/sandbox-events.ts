// What may come out of the OS sandbox, checked field by field. The spawner is inside the examples'
// reach: a line it prints may be forged, so only these shapes pass, with bounded sizes, and the
// runner acts only on PIDs it started (bwrap.ts).

/** The longest line accepted: an output chunk (64 KiB read) in base64 with its envelope fits easily. */
export const MAX_EVENT_LINE = 256 * 1024;

export type SandboxReply = { re: number; pid?: number; error?: string; reached?: boolean; killed?: number[]; ok?: boolean };
export type SandboxEvent =
  | { ev: 'data'; pid: number; fd: 1 | 2; b64: string }
  | { ev: 'exit'; pid: number; code: number | null; signal: string | null }
  | { ev: 'closed'; pid: number }
  | { ev: 'spawner-gone' };

const isPid = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) < 4_194_304;
const isCode = (v: unknown) => v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 256);
const isSignal = (v: unknown) => v === null || (typeof v === 'string' && /^SIG[A-Z0-9]{1,8}$/.test(v));
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A reply or an event, rebuilt from only the fields it may have; null for anything else. */
export function parseSpawnerLine(line: string): SandboxReply | SandboxEvent | null {
  if (line.length > MAX_EVENT_LINE) return null;
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  if ('re' in m) {
    if (!Number.isInteger(m.re)) return null;
    const reply: SandboxReply = { re: m.re as number };
    if (isPid(m.pid)) reply.pid = m.pid;
    if (typeof m.error === 'string') reply.error = m.error.slice(0, 500);
    if (typeof m.reached === 'boolean') reply.reached = m.reached;
    if (m.ok === true) reply.ok = true;
    if (Array.isArray(m.killed)) reply.killed = m.killed.filter(isPid).slice(0, 1000);
    return reply;
  }
  switch (m.ev) {
    case 'data':
      return isPid(m.pid) && (m.fd === 1 || m.fd === 2) && typeof m.b64 === 'string' && B64.test(m.b64)
        ? { ev: 'data', pid: m.pid, fd: m.fd, b64: m.b64 }
        : null;
    case 'exit':
      return isPid(m.pid) && isCode(m.code) && isSignal(m.signal)
        ? { ev: 'exit', pid: m.pid, code: m.code as number | null, signal: m.signal as string | null }
        : null;
    case 'closed':
      return isPid(m.pid) ? { ev: 'closed', pid: m.pid } : null;
    case 'spawner-gone':
      return { ev: 'spawner-gone' };
  }
  return null;
}
