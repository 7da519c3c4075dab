// What the examples need from the runtime, and a small probe for each, run in the reader's own
// runtime. Nobody here can boot a WebContainer, so what the lessons rely on (cluster's round-robin,
// fork with IPC, SIGTERM handlers, --watch, worker threads, stopping a busy loop) is observed where
// it matters: in the reader's browser. The Diagnostics page runs every probe; a sandbox runs the
// ones its example needs before its first run (see ui/capability-check.ts).
// Each probe is a Node program run through the Runtime interface. It prints one line,
// "probe ok <detail>" or "probe fail <detail>", and exits; no line in time means not observed.
import type { Runtime, RuntimeProcess } from './runtime.ts';

export const CAPABILITY_IDS = ['cluster', 'fork-ipc', 'sigterm', 'watch', 'worker-threads', 'stop-busy-loop'] as const;
export type CapabilityId = (typeof CAPABILITY_IDS)[number];

export interface Capability {
  id: CapabilityId;
  /** Short name, for tables and sentences ("This example needs <name>"). */
  name: string;
  /** What StackBlitz documents or is publicly known about it in WebContainers (DESIGN.md). */
  documented: string;
}

export const CAPABILITIES: Record<CapabilityId, Capability> = {
  cluster: {
    id: 'cluster',
    name: 'node:cluster round-robin',
    documented: 'Not documented; nobody has shown it working. Round-robin hands sockets to workers over IPC.',
  },
  'fork-ipc': { id: 'fork-ipc', name: 'child_process.fork with IPC', documented: 'Not documented; likely, from public projects.' },
  sigterm: { id: 'sigterm', name: "process.on('SIGTERM') handlers", documented: 'Not documented.' },
  watch: { id: 'watch', name: 'node --watch', documented: 'Not documented; unknown flags were once ignored silently.' },
  'worker-threads': { id: 'worker-threads', name: 'worker_threads', documented: 'Not documented; likely, from public projects.' },
  'stop-busy-loop': {
    id: 'stop-busy-loop',
    name: 'stopping a busy loop',
    documented: 'kill() takes no signal; a spinning process may not stop. The sandbox restarts the runtime then.',
  },
};

export const isCapabilityId = (value: unknown): value is CapabilityId => CAPABILITY_IDS.includes(value as CapabilityId);

export interface ProbeResult {
  id: CapabilityId;
  ok: boolean;
  /** What was seen, in a few words. */
  detail: string;
  /** How long the probe took (ms). */
  ms: number;
}

const PROBE_TIMEOUT_MS = 10_000;

// The programs. Each is plain CommonJS that runs on Node 20 and later, using only built-ins.
const SOURCES: Record<Exclude<CapabilityId, 'watch' | 'stop-busy-loop'>, string> = {
  cluster: `const cluster = require('node:cluster');
const http = require('node:http');
const port = Number(process.env.PORT);
if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < 2; i++) cluster.fork();
  cluster.on('listening', () => {
    if (++listening < 2) return;
    const pids = new Set();
    let left = 6;
    const agent = new http.Agent({ keepAlive: false });
    for (let i = 0; i < 6; i++)
      http.get({ host: '127.0.0.1', port, agent }, (res) => {
        pids.add(res.headers['x-pid']);
        res.resume();
        res.on('end', () => {
          if (--left) return;
          console.log(pids.size >= 2 ? 'probe ok ' + pids.size + ' workers answered 6 requests' : 'probe fail only one worker answered');
          process.exit(0);
        });
      }).on('error', (err) => { console.log('probe fail ' + err.message); process.exit(0); });
  });
} else {
  http.createServer((req, res) => { res.setHeader('x-pid', process.pid); res.end('ok'); }).listen(port, '127.0.0.1');
}
`,
  'fork-ipc': `const { fork } = require('node:child_process');
if (process.argv[2] === 'child') process.send({ pid: process.pid }, () => process.exit(0));
else {
  const child = fork(__filename, ['child']);
  child.on('message', (m) => { console.log(m.pid !== process.pid ? 'probe ok message from child ' + m.pid : 'probe fail same pid'); process.exit(0); });
  child.on('error', (err) => { console.log('probe fail ' + err.message); process.exit(0); });
}
`,
  sigterm: `const { fork } = require('node:child_process');
if (process.argv[2] === 'child') {
  process.on('SIGTERM', () => { process.send('handled', () => process.exit(0)); });
  process.send('ready');
  setInterval(() => {}, 1000);
} else {
  const child = fork(__filename, ['child']);
  child.on('message', (m) => {
    if (m === 'ready') child.kill('SIGTERM');
    else if (m === 'handled') { console.log('probe ok the handler ran'); process.exit(0); }
  });
  child.on('exit', (code, signal) => { console.log('probe fail the child ended (' + (signal || code) + ') without its handler'); process.exit(0); });
}
`,
  'worker-threads': `const { Worker, isMainThread, parentPort, threadId } = require('node:worker_threads');
if (isMainThread) {
  const worker = new Worker(__filename);
  worker.on('message', (m) => { console.log(m.pid === process.pid && m.threadId !== threadId ? 'probe ok thread ' + m.threadId + ' in the same process' : 'probe fail unexpected answer'); process.exit(0); });
  worker.on('error', (err) => { console.log('probe fail ' + err.message); process.exit(0); });
} else parentPort.postMessage({ pid: process.pid, threadId });
`,
};

const WATCH_SOURCE = (n: number) => `console.log('probe start ${n}');\nsetInterval(() => {}, 1000);\n`;
const SPIN_SOURCE = `console.log('probe spinning');\nwhile (true) {}\n`;

/** The first "probe ..." line a process prints, or null when it exits or times out first. */
function firstProbeLine(proc: RuntimeProcess, match: RegExp, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(null), timeoutMs);
    proc.onOutput((chunk) => {
      text += chunk;
      const line = match.exec(text.replace(/\r/g, ''));
      if (line) {
        clearTimeout(timer);
        resolve(line[0]);
      }
    });
    void proc.exit.then(() => setTimeout(() => resolve(null), 50));
  });
}

function verdict(line: string | null, id: CapabilityId, started: number, now: () => number, silent: string): ProbeResult {
  const ms = Math.round(now() - started);
  if (line === null) return { id, ok: false, detail: silent, ms };
  const ok = line.startsWith('probe ok');
  return { id, ok, detail: line.replace(/^probe (ok|fail) ?/, ''), ms };
}

/** Run one probe in `runtime`, in its own folder. Never throws: a failure is a result. */
export async function probe(runtime: Runtime, id: CapabilityId, now: () => number = () => performance.now()): Promise<ProbeResult> {
  const dir = `lab-probe-${id}`;
  const started = now();
  let proc: RuntimeProcess | null = null;
  try {
    await runtime.boot();
    if (id === 'watch') {
      await runtime.mount(dir, { 'probe.js': WATCH_SOURCE(1) });
      proc = await runtime.spawn(dir, ['--watch', 'probe.js']);
      const first = await firstProbeLine(proc, /probe start 1/, PROBE_TIMEOUT_MS);
      if (!first) return verdict(null, id, started, now, 'node --watch did not start the script');
      // --watch may set up its watcher just after the script starts: a change made in that moment
      // goes unseen, so change the file again (up to three times) until it restarts.
      const second = firstProbeLine(proc, /probe start [2-4]/, PROBE_TIMEOUT_MS);
      let restarted: string | null = null;
      for (let n = 2; n <= 4 && !restarted; n++) {
        await runtime.writeFile(dir, 'probe.js', WATCH_SOURCE(n));
        restarted = await Promise.race([second, new Promise<null>((r) => setTimeout(() => r(null), PROBE_TIMEOUT_MS / 4))]);
      }
      return verdict(restarted ? 'probe ok restarted on a file change' : null, id, started, now, 'no restart after the file changed');
    }
    if (id === 'stop-busy-loop') {
      await runtime.mount(dir, { 'probe.js': SPIN_SOURCE });
      proc = await runtime.spawn(dir, ['probe.js']);
      if (!(await firstProbeLine(proc, /probe spinning/, PROBE_TIMEOUT_MS))) return verdict(null, id, started, now, 'the loop did not start');
      let text = '';
      proc.onOutput((chunk) => void (text += chunk));
      await proc.kill('SIGKILL');
      const code = await Promise.race([proc.exit, new Promise<null>((r) => setTimeout(() => r(null), PROBE_TIMEOUT_MS))]);
      // A runtime may only manage it by restarting itself (runtimes/webcontainer.ts says so in the output).
      const how = /runtime was restarted/.test(text) ? 'only by restarting the runtime' : 'by a hard kill';
      return verdict(code === null ? null : `probe ok stopped ${how} (exit ${code})`, id, started, now, 'the loop kept running');
    }
    await runtime.mount(dir, { 'probe.js': SOURCES[id] });
    const port = await runtime.allocatePort();
    proc = await runtime.spawn(dir, ['probe.js'], { env: { PORT: String(port) } });
    return verdict(
      await firstProbeLine(proc, /probe (ok|fail)[^\n]*/, PROBE_TIMEOUT_MS),
      id,
      started,
      now,
      `no verdict within ${PROBE_TIMEOUT_MS / 1000} s (the probe failed or hung)`,
    );
  } catch (err) {
    return { id, ok: false, detail: err instanceof Error ? err.message : String(err), ms: Math.round(now() - started) };
  } finally {
    if (proc) await proc.kill('SIGKILL').catch(() => {});
  }
}

/** Probes whose results are cached for the browser session, keyed by runtime kind. */
export class CapabilityCache {
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  private readonly kind: string;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | null, kind: string) {
    this.storage = storage;
    this.kind = kind;
  }

  private key(id: CapabilityId): string {
    return `lifecycle-lab:capability:${this.kind}:${id}`;
  }

  get(id: CapabilityId): ProbeResult | null {
    try {
      const raw = this.storage?.getItem(this.key(id));
      return raw ? (JSON.parse(raw) as ProbeResult) : null;
    } catch {
      return null;
    }
  }

  set(result: ProbeResult): void {
    try {
      this.storage?.setItem(this.key(result.id), JSON.stringify(result));
    } catch {
      // Not cached: the probe runs again next time.
    }
  }

  /** The cached result, or run the probe once and cache it. */
  async check(runtime: Runtime, id: CapabilityId): Promise<ProbeResult> {
    const known = this.get(id);
    if (known) return known;
    const result = await probe(runtime, id);
    this.set(result);
    return result;
  }
}

/** A plain-text report of probe results, for a bug report. */
export function formatReport(results: ProbeResult[], context: Record<string, string>): string {
  const lines = Object.entries(context).map(([k, v]) => `${k}: ${v}`);
  lines.push('');
  for (const r of results) lines.push(`${r.ok ? 'observed' : 'NOT observed'}  ${CAPABILITIES[r.id].name}  (${r.ms} ms)  ${r.detail}`);
  return lines.join('\n');
}
