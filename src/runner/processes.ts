// Real node processes for the local runtime: one temp folder per sandbox, `node` only, the whole
// process tree killed on demand, and caps on what one session may use. The processes start through
// a Launcher (launcher.ts): inside one OS sandbox per session when bubblewrap works here (bwrap.ts),
// else straight on this machine. The WebSocket server (runner) and the Node-side example tests both
// run examples through this one class.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { FileTree, KillSignal } from '../sandbox/core/runtime.ts';
import { BwrapLauncher, bwrapAvailable } from './bwrap.ts';
import { removeTree } from './file-tree.ts';
import { type Launcher, PlainLauncher, type Program } from './launcher.ts';
import { RefusedError, checkNodeArgs, checkPythonArgs, isPythonCommand, resolveInside } from './paths.ts';
import { ensurePython, readerLine } from './python-env.ts';

export interface ManagedProcess {
  /** The PID as the example sees it (a small number inside the OS sandbox's PID namespace). */
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly stdin: Writable;
  /** Resolves with the exit code (128 + signal number when killed by a signal) once the tree is gone. */
  readonly exit: Promise<number>;
  kill(signal?: KillSignal): Promise<void>;
}

export interface ProcessOptions {
  /** Run inside the OS sandbox (default: when bwrap works here and LAB_SANDBOX is not "off"). */
  sandbox?: boolean;
  /** Processes one session may have alive at once, children included (default 64). */
  maxProcesses?: number;
  /** Bytes the session's files may hold, and again what its processes write in /tmp (default 64 MB). */
  maxDiskBytes?: number;
  /** Memory the session's processes may hold together, where a cgroup holds it (default 1 GB). */
  maxMemoryBytes?: number;
  /** Told when a cap stopped the session's processes. */
  onCap?: (message: string) => void;
  /** Told what the runner is doing before a process can start (the Python environment's first build). */
  onProgress?: (line: string) => void;
  /** The node binary examples run under: this process's own, unless a test picks another (Node 20). */
  node?: string;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
/** How long SIGTERM gets before the tree is SIGKILLed: an infinite loop must stop within 2 s. */
export const KILL_GRACE_MS = 1000;
/** How long, after the leader exits, its output pipes get to drain before exit resolves anyway. */
const CLOSE_WAIT_MS = 500;
const DISK_CHECK_MS = 1000;
export const SESSION_ENV = 'LAB_SESSION';
/** A page session's caps by default: processes, memory and disk. */
export const DEFAULT_SESSION_SIZES = { maxProcesses: 64, memoryBytes: 1024 * 1024 * 1024, diskBytes: 64 * 1024 * 1024 };

/** The environment every example gets: a fixed allowlist, never the runner's own (no BASH_ENV, TMPDIR, GLIBC_TUNABLES…). */
function baseEnv(folder: string, sandboxed: boolean, session: string): Record<string, string> {
  // In the OS sandbox the example's folder is read-only; its private /tmp is where it may write.
  const home = sandboxed ? '/tmp' : folder;
  return {
    // Marks every process of this session: the request agent kills only processes that carry it.
    [SESSION_ENV]: session,
    PATH: sandboxed ? '/usr/bin:/bin' : (process.env.PATH ?? '/usr/bin:/bin'),
    HOME: home,
    TMPDIR: home,
    NODE_ENV: 'development',
    FORCE_COLOR: '1',
    LANG: 'C.UTF-8',
  };
}

/** What a Python server reads besides the page's allowlisted variables: uvicorn's CLI takes
 * UVICORN_* variables, so the page's PORT reaches it without a flag. */
function pythonEnv(env: Record<string, string>): Record<string, string> {
  return {
    PYTHONDONTWRITEBYTECODE: '1',
    ...(env.PORT ? { UVICORN_PORT: env.PORT, UVICORN_HOST: '127.0.0.1' } : {}),
  };
}

/** Bytes under a folder, not following links (the folder on this machine, without the OS sandbox). */
function diskUse(path: string, depth = 0): number {
  let total = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += depth < 16 ? diskUse(full, depth + 1) : 0;
    else
      try {
        total += lstatSync(full).size;
      } catch {
        // gone meanwhile
      }
  }
  return total;
}

export class ProcessManager {
  /** The session's folder on this machine, without the OS sandbox; null inside it (no host path at all). */
  readonly root: string | null;
  readonly launcher: Launcher;
  private readonly processes = new Set<ManagedProcess>();
  /** The files each sandbox folder holds, as mounted and written: the runner checks a command against
   * this record, never against a folder example code can change. */
  private readonly files = new Map<string, Set<string>>();
  private readonly onProgress: (line: string) => void;
  /** File work under way per folder: a spawn that arrives meanwhile (a page may send both at once)
   * waits for it, as it did when file work was synchronous. */
  private readonly fileWork = new Map<string, Promise<void>>();
  private readonly markers = new Set<string>();
  private readonly session = randomBytes(12).toString('hex');
  private readonly maxDiskBytes: number;
  private readonly onCap: (message: string) => void;
  private readonly diskTimer: ReturnType<typeof setInterval>;

  constructor(options: ProcessOptions = {}, prefix = 'lifecycle-lab-') {
    this.maxDiskBytes = options.maxDiskBytes ?? DEFAULT_SESSION_SIZES.diskBytes;
    this.onCap = options.onCap ?? (() => {});
    this.onProgress = options.onProgress ?? ((line) => console.log(`[local runner] ${line}`));
    const maxProcesses = options.maxProcesses ?? DEFAULT_SESSION_SIZES.maxProcesses;
    const sandbox = options.sandbox ?? bwrapAvailable();
    const node = options.node ?? process.execPath;
    if (sandbox) {
      this.root = null;
      this.launcher = new BwrapLauncher(this.session, {
        node,
        maxProcesses,
        memoryBytes: options.maxMemoryBytes ?? DEFAULT_SESSION_SIZES.memoryBytes,
        diskBytes: this.maxDiskBytes,
        onCap: this.onCap,
      });
    } else {
      this.root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
      this.launcher = new PlainLauncher(this.root, node);
    }
    // Without the OS sandbox no filesystem size holds the disk cap: it is checked by looking.
    this.diskTimer = setInterval(() => this.checkDisk(), DISK_CHECK_MS);
    this.diskTimer.unref();
  }

  get sandboxed(): boolean {
    return this.launcher.sandboxed;
  }

  private checkDisk(): void {
    if (this.processes.size === 0 || this.root === null) return;
    const used = diskUse(this.root);
    if (used <= this.maxDiskBytes) return;
    this.onCap(
      `the examples' folder holds ${Math.round(used / 1e6)} MB, more than the limit of ${Math.round(this.maxDiskBytes / 1e6)} MB: the local runner stopped them`,
    );
    for (const p of this.processes) void p.kill('SIGKILL');
  }

  /** The folder of one sandbox, as its processes see it. `dir` must be a single safe name. */
  folder(dir: string): string {
    resolveInside('/session', dir);
    if (dir.includes('/') || dir.includes('\\')) throw new RefusedError(`folder ${JSON.stringify(dir)} refused: one name, no slashes`);
    return this.launcher.folder(dir);
  }

  /** Make the folder hold exactly these files (a Run mounts every time; unchanged files are not rewritten). */
  async mount(dir: string, files: FileTree): Promise<void> {
    const folder = this.folder(dir);
    // Check every path before touching the folder, so a refused tree leaves the old one intact.
    for (const path of Object.keys(files)) resolveInside(folder, path);
    await this.inOrder(dir, async () => {
      await this.launcher.mount(dir, files);
      this.files.set(dir, new Set(Object.keys(files).map((p) => p.replaceAll('\\', '/'))));
    });
  }

  /** Run one folder's file work after the work already queued for it. */
  private inOrder(dir: string, work: () => Promise<void>): Promise<void> {
    const done = (this.fileWork.get(dir) ?? Promise.resolve()).catch(() => {}).then(work);
    this.fileWork.set(dir, done);
    return done;
  }

  /** Write one file without following a link or special file that example code left in its place. */
  async writeFile(dir: string, path: string, contents: string): Promise<void> {
    resolveInside(this.folder(dir), path);
    await this.inOrder(dir, async () => {
      await this.launcher.writeFile(dir, path, contents);
      const known = this.files.get(dir) ?? new Set<string>();
      known.add(path.replaceAll('\\', '/'));
      this.files.set(dir, known);
    });
  }

  get size(): number {
    return this.processes.size;
  }

  /** `onSetup` hears what the start waits for first (the Python environment's first build); else the runner's log does. */
  async spawn(dir: string, args: string[], env: Record<string, string> = {}, onSetup?: (line: string) => void): Promise<ManagedProcess> {
    const cwd = this.folder(dir);
    await this.fileWork.get(dir)?.catch(() => {});
    const has = (path: string) => this.files.get(dir)?.has(path.replace(/^\.\//, '')) ?? false;
    const program: Program = isPythonCommand(args) ? 'python' : 'node';
    let argv = args;
    let extra: Record<string, string> = {};
    let python: string | undefined;
    if (program === 'python') {
      argv = checkPythonArgs(cwd, args, has);
      extra = pythonEnv(env);
      // Built once on this machine (a minute or two), then reused; inside the sandbox it is mounted read-only.
      const toPage =
        onSetup &&
        ((line: string) => {
          const shown = readerLine(line);
          if (shown) onSetup(shown);
        });
      python = await ensurePython(toPage ?? this.onProgress).catch((err) => {
        throw new RefusedError(err instanceof Error ? err.message : String(err));
      });
    } else checkNodeArgs(cwd, args, has);
    const marker = randomBytes(12).toString('hex');
    this.markers.add(marker);
    const started = await this.launcher.start(cwd, argv, { ...baseEnv(cwd, this.launcher.sandboxed, this.session), ...extra, ...env }, marker, program, python);
    const { pid } = started;
    const exit = started.exited.then(async ({ code, signal }) => {
      const result = code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 0);
      // Resolve once stdout/stderr are drained, so the last output comes before the exit.
      // A grandchild that left the group may hold the pipes open: do not wait for it forever.
      await Promise.race([started.closed, new Promise((r) => setTimeout(r, CLOSE_WAIT_MS))]);
      this.processes.delete(managed);
      return result;
    });
    const managed: ManagedProcess = {
      pid,
      stdout: started.stdout,
      stderr: started.stderr,
      stdin: started.stdin,
      exit,
      kill: async (signal = 'SIGTERM') => {
        if (await this.launcher.killTree(pid, signal)) {
          const timer = setTimeout(() => void this.launcher.killTree(pid, 'SIGKILL'), signal === 'SIGKILL' ? 0 : KILL_GRACE_MS);
          await exit;
          clearTimeout(timer);
        } else await exit;
        // Detached and double-forked children that left the group and lost their parent.
        await this.launcher.sweep(marker);
      },
    };
    this.processes.add(managed);
    return managed;
  }

  /** Host PIDs of every process this manager's examples run, their children included. */
  hostPids(): number[] {
    return this.launcher.hostPids(this.markers);
  }

  /** Kill every process and delete every folder. */
  async dispose(): Promise<void> {
    clearInterval(this.diskTimer);
    // A bounded wait: whatever did not stop by then goes with the sandbox (launcher.dispose kills it whole).
    const stopped = Promise.all([...this.processes].map((p) => p.kill('SIGTERM')));
    await Promise.race([stopped, new Promise((r) => setTimeout(r, KILL_GRACE_MS * 3).unref())]);
    for (const marker of this.markers) await this.launcher.sweep(marker);
    await this.launcher.dispose();
    // Inside the OS sandbox the files were on its own filesystem and went with it.
    if (this.root) removeTree(this.root);
  }
}
