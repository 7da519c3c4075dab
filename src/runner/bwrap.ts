// The OS sandbox of the local runner on Linux: one bubblewrap (bwrap) sandbox per page session, with
// its own mount, PID, IPC, UTS and network namespaces. The system is mounted read-only, the home
// folder and the rest of /tmp are not there at all, only the session's folder is writable, and the
// network is the sandbox's own loopback. `--die-with-parent`: if the runner dies, so does the sandbox,
// and when the supervisor inside exits, the kernel kills every process of the PID namespace.
// Example processes are started by the supervisor (supervisor.ts) on the runner's behalf.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Correlator } from '../sandbox/core/correlator.ts';
import type { Launcher, Started } from './launcher.ts';
import { processTable } from './tree.ts';

/** Set LAB_SANDBOX=off to run examples without the OS sandbox (tests of that path; machines where it misbehaves). */
export const SANDBOX_ENV = 'LAB_SANDBOX';

const here = dirname(fileURLToPath(import.meta.url));
const supervisor = `${here}/supervisor.ts`;
// The supervisor imports tree.ts; node reads the nearest package.json to know these files are ES modules.
const packageJson = `${dirname(dirname(here))}/package.json`;

/** Read-only mounts: the system, and the node binaries' folders (they may live outside /usr). */
function systemMounts(exampleNode = process.execPath): string[] {
  const nodes = [...new Set([process.execPath, exampleNode].map((n) => dirname(dirname(realpathSync(n)))))];
  const paths = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/etc', ...nodes, here];
  const args = paths.flatMap((p) => ['--ro-bind-try', p, p]);
  return [...args, '--ro-bind', packageJson, packageJson];
}

export function bwrapArgs(folder: string, maxProcesses: number, exampleNode = process.execPath): string[] {
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    // After the private /tmp, so that a checkout (and its supervisor) under /tmp stays visible.
    ...systemMounts(exampleNode),
    '--bind',
    folder,
    folder,
    // The private /tmp is read-only too: a write outside the folder fails, not just lands out of sight.
    '--remount-ro',
    '/tmp',
    '--chdir',
    folder,
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/bin:/bin',
    process.execPath,
    supervisor,
    String(maxProcesses),
    exampleNode,
  ];
}

export const SANDBOXED_NOTE = 'Examples run sandboxed (bubblewrap): no network, no home folder, writes only in their own folder.';
export const UNSANDBOXED_NOTE =
  "Examples run with your user's full rights: no OS sandbox (install bubblewrap on Linux: apt-get install bubblewrap; or LAB_SANDBOX=off is set). Code from a share link runs only after you confirm.";

let available: boolean | null = null;

/** bwrap is installed and can create the namespaces here (user namespaces allowed), and not switched off. */
export function bwrapAvailable(): boolean {
  if (process.env[SANDBOX_ENV] === 'off' || process.platform !== 'linux') return false;
  if (available !== null) return available;
  const probe = spawnSync('bwrap', ['--unshare-all', '--die-with-parent', ...systemMounts(), '--proc', '/proc', process.execPath, '-e', ''], {
    stdio: 'ignore',
    timeout: 5000,
  });
  available = probe.status === 0;
  return available;
}

type Reply = { re: number; pid?: number; error?: string; reached?: boolean; killed?: number[] };
type Event = { ev: 'data' | 'exit' | 'closed' | 'cap'; pid: number; fd?: number; b64?: string; code?: number | null; signal?: string | null; count?: number };

interface Inside {
  stdout: PassThrough;
  stderr: PassThrough;
  exited: (result: { code: number | null; signal: string | null }) => void;
  closed: () => void;
}

export class BwrapLauncher implements Launcher {
  readonly sandboxed = true;
  private readonly folder: string;
  private readonly maxProcesses: number;
  private readonly onCap: (count: number) => void;
  private readonly node: string;
  private box: ChildProcess | null = null;
  private readonly calls = new Correlator<Reply>();
  private readonly inside = new Map<number, Inside>();
  /**
   * Events for a PID whose start() has not resumed yet. The supervisor's reply and the process's
   * first output (or even its exit) can arrive in one read; the reply resumes start() only after
   * this read's other lines are handled, and those must wait here, not be dropped.
   */
  private readonly early = new Map<number, Event[]>();

  constructor(folder: string, options: { maxProcesses: number; onCap?: (count: number) => void; node?: string }) {
    this.folder = folder;
    this.node = options.node ?? process.execPath;
    this.maxProcesses = options.maxProcesses;
    this.onCap = options.onCap ?? (() => {});
  }

  /** Start the sandbox on first use. */
  private ensure(): ChildProcess {
    if (this.box) return this.box;
    if (!existsSync(this.folder)) throw new Error(`no session folder ${this.folder}`);
    const box = spawn('bwrap', bwrapArgs(this.folder, this.maxProcesses, this.node), { stdio: ['pipe', 'pipe', 'inherit'] });
    box.stdin!.on('error', () => {});
    createInterface({ input: box.stdout! }).on('line', (line) => this.receive(line));
    box.once('exit', () => {
      this.calls.close('the sandbox ended');
      this.early.clear();
      // Everything inside died with it.
      for (const [pid, proc] of this.inside) {
        proc.exited({ code: null, signal: 'SIGKILL' });
        proc.stdout.end();
        proc.stderr.end();
        proc.closed();
        this.inside.delete(pid);
      }
    });
    this.box = box;
    return box;
  }

  private receive(line: string): void {
    let msg: Reply | Event;
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if ('re' in msg) return void this.calls.deliver(msg.re, msg);
    if (msg.ev === 'cap') return void this.onCap(msg.count ?? 0);
    const proc = this.inside.get(msg.pid);
    if (!proc) {
      const waiting = this.early.get(msg.pid) ?? [];
      waiting.push(msg);
      this.early.set(msg.pid, waiting);
      return;
    }
    this.deliver(proc, msg);
  }

  private deliver(proc: Inside, msg: Event): void {
    if (msg.ev === 'data') (msg.fd === 2 ? proc.stderr : proc.stdout).write(Buffer.from(msg.b64 ?? '', 'base64'));
    else if (msg.ev === 'exit') proc.exited({ code: msg.code ?? null, signal: msg.signal ?? null });
    else if (msg.ev === 'closed') {
      proc.stdout.end();
      proc.stderr.end();
      proc.closed();
      this.inside.delete(msg.pid);
    }
  }

  private call(message: object): Promise<Reply> {
    const box = this.ensure();
    return this.calls.request((id) => box.stdin!.write(`${JSON.stringify({ id, ...message })}\n`), { ms: 10_000, message: 'the sandbox did not answer' });
  }

  async start(cwd: string, args: string[], env: Record<string, string>, marker: string): Promise<Started> {
    const reply = await this.call({ op: 'spawn', cwd, args, env: { ...env, LAB_TREE: marker } });
    if (reply.pid === undefined) throw new Error(reply.error ?? 'node could not be started in the sandbox');
    const pid = reply.pid;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let exited!: Inside['exited'];
    let closed!: Inside['closed'];
    const exitedP = new Promise<{ code: number | null; signal: string | null }>((resolve) => (exited = resolve));
    const closedP = new Promise<void>((resolve) => (closed = resolve));
    const entry: Inside = { stdout, stderr, exited, closed };
    this.inside.set(pid, entry);
    for (const msg of this.early.get(pid) ?? []) {
      // A replayed close waits a turn: the caller of start() attaches its listeners as soon as this
      // resolves, and "closed" must still mean that they have read everything.
      if (msg.ev === 'closed') setImmediate(() => this.deliver(entry, msg));
      else this.deliver(entry, msg);
    }
    this.early.delete(pid);
    const box = this.box!;
    const stdin = new Writable({
      write(chunk: Buffer, _encoding, done) {
        box.stdin!.write(`${JSON.stringify({ op: 'stdin', pid, data: chunk.toString('utf8') })}\n`);
        done();
      },
    });
    return { pid, stdout, stderr, stdin, exited: exitedP, closed: closedP };
  }

  async killTree(pid: number, signal: NodeJS.Signals): Promise<boolean> {
    if (!this.box) return false;
    return (await this.call({ op: 'kill', pid, signal }).catch(() => ({ reached: false }) as Reply)).reached === true;
  }

  async sweep(): Promise<void> {
    if (this.box) await this.call({ op: 'sweep' }).catch(() => {});
  }

  /** Everything below the sandbox's init and supervisor: bwrap (this child) -> its init (PID 1 inside) -> supervisor and orphans. */
  hostPids(): number[] {
    const box = this.box?.pid;
    if (box === undefined) return [];
    const rows = processTable();
    const childrenOf = (pid: number) => rows.filter((r) => r.ppid === pid).map((r) => r.pid);
    const init = childrenOf(box);
    const supervisors = new Set(init.flatMap(childrenOf).filter((pid) => this.isSupervisor(pid)));
    const found: number[] = [];
    const queue = init.flatMap(childrenOf);
    while (queue.length) {
      const pid = queue.shift()!;
      if (!supervisors.has(pid)) found.push(pid);
      queue.push(...childrenOf(pid));
    }
    return found;
  }

  /** The host PID of a process the supervisor started: the one whose last NSpid is `pid`. */
  hostPidOf(pid: number): number | undefined {
    return this.hostPids().find((host) => {
      try {
        const line = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${host}/status`, 'utf8'))?.[1] ?? '';
        return Number(line.trim().split(/\s+/).at(-1)) === pid;
      } catch {
        return false;
      }
    });
  }

  private isSupervisor(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(supervisor);
    } catch {
      return false;
    }
  }

  async dispose(): Promise<void> {
    const box = this.box;
    if (!box || box.exitCode !== null || box.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      box.once('exit', () => resolve());
      box.kill('SIGKILL'); // bwrap's init goes, and the kernel takes the whole PID namespace with it
    });
  }
}
