// The OS sandbox of the local runner on Linux: two nested bubblewrap (bwrap) sandboxes per page session.
// - The outer one holds the supervisor (supervisor.ts): its own user, mount, network, IPC and UTS
//   namespaces, an unprivileged uid with no capabilities (uid 65534 on this machine too when the
//   runner is root: sandbox-user.ts), the system read-only, a minimal environment, no descriptor
//   but its three pipes, and the session's files on a size-limited tmpfs (SESSION_ROOT) that only the
//   supervisor writes. Nothing of the session is a path on this machine, so the runner never follows
//   one that example code could change.
// - The inner one holds the examples: a user and PID namespace of their own (they cannot see, signal
//   or trace the supervisor), no capabilities, SESSION_ROOT read-only, a size-limited private /tmp
//   and /dev/shm as the only places to write, and the network of the outer one (its own loopback).
// Processes, memory and disk are held by the kernel (kernel-limits.ts, tmpfs sizes). `--die-with-parent`
// all the way down: if the runner dies, so does everything, except what bwrap's start race leaves,
// which the next sandbox to start (or the next runner) stops (leftovers.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Correlator } from '../sandbox/core/correlator.ts';
import { boundedLines } from './bounded-lines.ts';
import { type Confinement, confine, limitsHere } from './kernel-limits.ts';
import type { Launcher, Started } from './launcher.ts';
import { type SandboxMark, sweepLeftovers } from './leftovers.ts';
import { RefusedError } from './paths.ts';
import { pythonPlan } from './python-env.ts';
import { MAX_EVENT_LINE, type SandboxEvent, type SandboxReply, parseSpawnerLine } from './sandbox-events.ts';
import { asSandboxUser } from './sandbox-user.ts';
import { processTable } from './tree.ts';

/** Set LAB_SANDBOX=off to run examples without the OS sandbox (tests of that path; machines where it misbehaves). */
export const SANDBOX_ENV = 'LAB_SANDBOX';
/** Where a session's files are, inside the sandbox. */
export const SESSION_ROOT = '/lab';
const SHM_BYTES = 16 * 1024 * 1024;
const PATH = '/usr/bin:/bin';

const here = dirname(fileURLToPath(import.meta.url));
const supervisor = `${here}/supervisor.ts`;
const spawner = `${here}/spawner.ts`;
// The supervisor and spawner import their neighbours; node reads the nearest package.json to know these files are ES modules.
const packageJson = `${dirname(dirname(here))}/package.json`;

export interface SandboxSizes {
  maxProcesses: number;
  memoryBytes: number;
  /** Bytes for the session's files, and again for what examples write in /tmp. */
  diskBytes: number;
}

/** Both sandboxes: no capabilities, no controlling terminal, gone with their parent. */
const UNPRIVILEGED = ['--cap-drop', 'ALL', '--die-with-parent', '--new-session'];
/** A /dev of device nodes only, with a size-limited /dev/shm. */
const DEV = ['--dev', '/dev', '--size', String(SHM_BYTES), '--tmpfs', '/dev/shm'];

/** Read-only mounts: the system, the node binaries' folders (they may live outside /usr), this folder, Python's. */
/** The node binaries' installations (the runner's, and the examples' when a test picks another). */
const nodeDirs = (exampleNode: string) => [...new Set([process.execPath, exampleNode].map((n) => dirname(dirname(realpathSync(n)))))];

function systemMounts(exampleNode: string, python: string[]): string[] {
  const paths = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/etc', ...nodeDirs(exampleNode), here, ...python];
  return [...paths.flatMap((p) => ['--ro-bind-try', p, p]), '--ro-bind', packageJson, packageJson];
}

/** The examples' sandbox, started by the supervisor inside the outer one. */
export function innerArgs(sizes: SandboxSizes, rlimits: string[], exampleNode: string, python: string | null, keep: string[], mark: SandboxMark): string[] {
  return [
    'bwrap',
    '--unshare-user',
    '--unshare-pid',
    '--disable-userns',
    ...UNPRIVILEGED,
    '--bind',
    '/',
    '/',
    '--proc',
    '/proc',
    ...DEV,
    '--size',
    String(sizes.diskBytes),
    '--tmpfs',
    '/tmp',
    // After the private /tmp, so that a checkout (and its node) under /tmp stays visible.
    ...keep.flatMap((p) => ['--ro-bind-try', p, p]),
    '--ro-bind',
    SESSION_ROOT,
    SESSION_ROOT,
    '--remount-ro',
    '/',
    '--chdir',
    SESSION_ROOT,
    '--clearenv',
    '--setenv',
    'PATH',
    PATH,
    ...(rlimits.length ? ['prlimit', ...rlimits, '--'] : []),
    process.execPath,
    spawner,
    JSON.stringify({ node: exampleNode, python, ...mark }),
  ];
}

export function bwrapArgs(sizes: SandboxSizes, inner: string[], exampleNode: string, python: string[], mark: SandboxMark): string[] {
  return [
    '--unshare-user',
    '--unshare-ipc',
    '--unshare-net',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--uid',
    '65534',
    '--gid',
    '65534',
    ...UNPRIVILEGED,
    // This machine's /proc, seen only by the supervisor: a fully visible proc is what lets the inner
    // sandbox mount its own (the kernel refuses a new proc where every existing one is partly covered).
    '--bind',
    '/proc',
    '/proc',
    ...DEV,
    '--tmpfs',
    '/tmp',
    ...systemMounts(exampleNode, python),
    '--size',
    String(sizes.diskBytes),
    '--tmpfs',
    SESSION_ROOT,
    '--remount-ro',
    '/tmp',
    '--chdir',
    SESSION_ROOT,
    '--clearenv',
    '--setenv',
    'PATH',
    PATH,
    process.execPath,
    supervisor,
    // The mark (leftovers.ts) holds the runner's PID (the outer sandbox shares this PID namespace): the
    // supervisor leaves when bwrap's parent is no longer it.
    JSON.stringify({ root: SESSION_ROOT, inner, ...mark }),
  ];
}

export const SANDBOXED_NOTE =
  'Examples run sandboxed (bubblewrap): no network, no home folder, an unprivileged user, writes only in their own /tmp; processes, memory and disk capped by the kernel.';
export const UNSANDBOXED_NOTE =
  "Examples run with your user's full rights: no OS sandbox (install bubblewrap on Linux: apt-get install bubblewrap; or LAB_SANDBOX=off is set). Code from a share link runs only after you confirm.";

/** The limits line `npm start` prints under the sandbox note: which limits the kernel holds here. */
export function limitsNote(sizes: SandboxSizes): string {
  const held = limitsHere(sizes);
  const mb = Math.round(sizes.diskBytes / 1024 / 1024);
  return `Limits held by the kernel: ${held.processes}; memory ${held.memory}; disk ${mb} MB for a session's files and ${mb} MB in its /tmp (tmpfs sizes), ${SHM_BYTES / 1024 / 1024} MB in /dev/shm.`;
}

let available: boolean | null = null;

/** bwrap is installed and can create the namespaces here, as the sandbox user, and is not switched off. */
export function bwrapAvailable(): boolean {
  if (process.env[SANDBOX_ENV] === 'off' || process.platform !== 'linux') return false;
  if (available !== null) return available;
  const [cmd, ...args] = asSandboxUser([
    'bwrap',
    '--unshare-all',
    '--unshare-user',
    '--uid',
    '65534',
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    ...systemMounts(process.execPath, []),
    '--proc',
    '/proc',
    process.execPath,
    '-e',
    '',
  ]);
  const probe = spawnSync(cmd!, args, { stdio: 'ignore', timeout: 5000, env: { PATH } });
  available = probe.status === 0;
  return available;
}

interface Inside {
  stdout: PassThrough;
  stderr: PassThrough;
  exited: (result: { code: number | null; signal: string | null }) => void;
  closed: () => void;
}

/** Events held for a PID whose start() has not resumed yet, at most this many per PID and PIDs. */
const MAX_EARLY_EVENTS = 256;
const MAX_EARLY_PIDS = 16;

export class BwrapLauncher implements Launcher {
  readonly sandboxed = true;
  private readonly sizes: SandboxSizes;
  private readonly onCap: (message: string) => void;
  private readonly node: string;
  private readonly session: string;
  private box: ChildProcess | null = null;
  private confinement: Confinement | null = null;
  private readonly calls = new Correlator<SandboxReply>();
  private readonly inside = new Map<number, Inside>();
  /** Spawn requests sent and not answered yet: only their PIDs may have early events. */
  private pendingSpawns = 0;
  /**
   * Events for a PID whose start() has not resumed yet. The supervisor's reply and the process's
   * first output (or even its exit) can arrive in one read; the reply resumes start() only after
   * this read's other lines are handled, and those must wait here, not be dropped.
   */
  private readonly early = new Map<number, SandboxEvent[]>();
  /** What the kernel holds for this session, in words (kernel-limits.ts); set when the sandbox starts. */
  held: Confinement['held'] | null = null;

  constructor(session: string, options: SandboxSizes & { onCap?: (message: string) => void; node?: string }) {
    this.session = session;
    this.node = options.node ?? process.execPath;
    this.sizes = options;
    this.onCap = options.onCap ?? (() => {});
  }

  warm(): void {
    this.ensure();
  }

  /** Start the sandbox on first use. */
  private ensure(): ChildProcess {
    if (this.box) return this.box;
    const plan = pythonPlan();
    const pythonMounts = 'why' in plan ? [] : plan.mounts;
    const python = 'why' in plan ? null : `${plan.venv}/bin/python`;
    // The environment's folder is mounted before the environment may exist: it must be there to be mounted.
    if (!('why' in plan)) mkdirSync(dirname(plan.venv), { recursive: true, mode: 0o755 });
    sweepLeftovers(); // what a runner that died left behind (leftovers.ts)
    this.confinement = confine(this.session, this.sizes);
    this.held = this.confinement.held;
    const keep = [...nodeDirs(this.node), here, packageJson, ...pythonMounts];
    const mark: SandboxMark = { runner: process.pid, box: `${this.session}-${randomBytes(6).toString('hex')}` };
    const inner = innerArgs(this.sizes, this.confinement.rlimits, this.node, python, keep, mark);
    const command = [...this.confinement.prefix, ...asSandboxUser(['bwrap', ...bwrapArgs(this.sizes, inner, this.node, pythonMounts, mark)])];
    // A minimal environment and only three pipes: no secret of the runner's, no terminal of its own.
    const box = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH, ...this.confinement.env } });
    box.stdin!.on('error', () => {});
    box.stderr!.resume();
    // An idle sandbox (warmed when a page connected) must not keep this process alive by itself: a
    // runner lives for its http server, a test for its own work. --die-with-parent ends the sandbox with it.
    box.unref();
    for (const pipe of [box.stdin, box.stdout, box.stderr]) (pipe as unknown as { unref?: () => void } | null)?.unref?.();
    boundedLines(box.stdout!, MAX_EVENT_LINE, (line) => this.receive(line));
    box.once('exit', () => {
      // bwrap killed while starting can leave its first process behind, and the supervisor's own
      // sandbox may still be starting as it dies: whatever carries this sandbox's mark goes, now
      // and once more when any start under way has got as far as it can.
      sweepLeftovers(mark.box);
      setTimeout(() => sweepLeftovers(mark.box), 2000).unref();
      this.calls.close('the sandbox ended');
      this.early.clear();
      this.confinement?.dispose();
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
    const msg = parseSpawnerLine(line);
    if (!msg) return;
    if ('re' in msg) return void this.calls.deliver(msg.re, msg);
    if (msg.ev === 'spawner-gone') {
      this.onCap('the examples’ sandbox ended: the local runner stopped this session');
      return void this.box?.kill('SIGKILL');
    }
    const proc = this.inside.get(msg.pid);
    if (proc) return void this.deliver(proc, msg);
    // Only a PID whose spawn is under way may speak early, and only so much.
    if (this.pendingSpawns === 0) return;
    const waiting = this.early.get(msg.pid) ?? [];
    if (waiting.length >= MAX_EARLY_EVENTS || (!this.early.has(msg.pid) && this.early.size >= MAX_EARLY_PIDS)) return;
    waiting.push(msg);
    this.early.set(msg.pid, waiting);
  }

  private deliver(proc: Inside, msg: SandboxEvent): void {
    if (msg.ev === 'data') (msg.fd === 2 ? proc.stderr : proc.stdout).write(Buffer.from(msg.b64, 'base64'));
    else if (msg.ev === 'exit') proc.exited({ code: msg.code, signal: msg.signal });
    else if (msg.ev === 'closed') {
      proc.stdout.end();
      proc.stderr.end();
      proc.closed();
      this.inside.delete(msg.pid);
    }
  }

  private call(message: object): Promise<SandboxReply> {
    const box = this.ensure();
    return this.calls.request((id) => box.stdin!.write(`${JSON.stringify({ id, ...message })}\n`), { ms: 10_000, message: 'the sandbox did not answer' });
  }

  /** File work happens inside, by the supervisor, on the session's own filesystem. */
  private async fileWork(message: object): Promise<void> {
    const reply = await this.call(message);
    if (!reply.ok) throw new RefusedError(reply.error ?? 'the sandbox refused the files');
  }

  folder(dir: string): string {
    return `${SESSION_ROOT}/${dir}`;
  }

  mount(dir: string, files: Record<string, string>): Promise<void> {
    return this.fileWork({ op: 'mount', dir, files });
  }

  writeFile(dir: string, path: string, contents: string): Promise<void> {
    return this.fileWork({ op: 'write', dir, path, contents });
  }

  async start(cwd: string, args: string[], env: Record<string, string>, marker: string, program: 'node' | 'python' = 'node'): Promise<Started> {
    this.pendingSpawns++;
    let reply: SandboxReply;
    try {
      reply = await this.call({ op: 'spawn', cwd, program, args, env: { ...env, LAB_TREE: marker } });
    } finally {
      this.pendingSpawns--;
    }
    if (reply.pid === undefined || this.inside.has(reply.pid)) throw new Error(reply.error ?? `${program} could not be started in the sandbox`);
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
    if (this.pendingSpawns === 0) this.early.clear();
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
    const reply = await this.call({ op: 'kill', pid, signal }).catch(() => null);
    // No answer (the spawner was stopped or killed by example code): the whole sandbox goes instead.
    if (!reply) {
      await this.dispose();
      return false;
    }
    return reply.reached === true;
  }

  async sweep(): Promise<void> {
    if (this.box && this.box.exitCode === null) await this.call({ op: 'sweep' }).catch(() => {});
  }

  /** Every example process, as this machine sees it: the descendants of the sandbox that live in the
   * examples' PID namespace (their NSpid has three levels: here, the outer box is not its own PID
   * namespace, so two) other than its init (1) and the spawner. */
  hostPids(): number[] {
    const box = this.box?.pid;
    if (box === undefined) return [];
    const rows = processTable();
    const found: number[] = [];
    const queue = [box];
    while (queue.length) {
      const pid = queue.shift()!;
      for (const row of rows) if (row.ppid === pid) queue.push(row.pid);
      const inner = this.innerPid(pid);
      if (inner !== undefined && inner > 1 && !this.isSpawner(pid)) found.push(pid);
    }
    return found;
  }

  /** The PID in the examples' namespace of a process of this machine, or undefined outside it. */
  private innerPid(host: number): number | undefined {
    try {
      const ids = (/^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${host}/status`, 'utf8'))?.[1] ?? '').trim().split(/\s+/);
      return ids.length >= 2 ? Number(ids.at(-1)) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The host PID of a process the spawner started: the one whose last NSpid is `pid`. */
  hostPidOf(pid: number): number | undefined {
    return this.hostPids().find((host) => this.innerPid(host) === pid);
  }

  private isSpawner(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(spawner);
    } catch {
      return false;
    }
  }

  async dispose(): Promise<void> {
    const box = this.box;
    if (!box || box.exitCode !== null || box.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      box.once('exit', () => resolve());
      box.kill('SIGKILL'); // bwrap goes, and --die-with-parent takes both sandboxes and every process in them
    });
  }
}
