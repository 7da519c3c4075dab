// Real node processes for the local runtime: one temp folder per sandbox, `node` only, the whole
// process tree killed on demand, and caps on what one session may use. The processes start through
// a Launcher (launcher.ts): inside one OS sandbox per session when bubblewrap works here (bwrap.ts),
// else straight on this machine. The WebSocket server (runner) and the Node-side example tests both
// run examples through this one class.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { FileTree, KillSignal } from '../sandbox/core/runtime.ts';
import { BwrapLauncher, bwrapAvailable } from './bwrap.ts';
import { type Launcher, PlainLauncher } from './launcher.ts';
import { RefusedError, checkNodeArgs, resolveInside } from './paths.ts';

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
  /** Bytes the session's folder may hold (default 64 MB); past it, every process is killed. */
  maxDiskBytes?: number;
  /** Told when a cap stopped the session's processes. */
  onCap?: (message: string) => void;
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

/** The environment every example gets: a fixed allowlist, never the runner's own (no BASH_ENV, TMPDIR, GLIBC_TUNABLES…). */
function baseEnv(folder: string, sandboxed: boolean, session: string): Record<string, string> {
  return {
    // Marks every process of this session: the request agent kills only processes that carry it.
    [SESSION_ENV]: session,
    PATH: sandboxed ? '/usr/bin:/bin' : (process.env.PATH ?? '/usr/bin:/bin'),
    HOME: folder,
    TMPDIR: folder,
    NODE_ENV: 'development',
    FORCE_COLOR: '1',
    LANG: 'C.UTF-8',
  };
}

/** Bytes under a folder, not following links. */
function diskUse(path: string): number {
  let total = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += diskUse(full);
    else
      try {
        total += lstatSync(full).size;
      } catch {
        // gone meanwhile
      }
  }
  return total;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Remove folders left empty below `folder` (a file that moved out of a subfolder). */
function removeEmptyFolders(folder: string): void {
  const dirs = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(e.parentPath, e.name))
    .sort((a, b) => relative(folder, b).split(sep).length - relative(folder, a).split(sep).length);
  for (const path of dirs) if (readdirSync(path).length === 0) rmSync(path, { recursive: true, force: true });
}

export class ProcessManager {
  readonly root: string;
  readonly launcher: Launcher;
  private readonly processes = new Set<ManagedProcess>();
  private readonly markers = new Set<string>();
  private readonly session = randomBytes(12).toString('hex');
  private readonly maxDiskBytes: number;
  private readonly onCap: (message: string) => void;
  private readonly diskTimer: ReturnType<typeof setInterval>;

  constructor(options: ProcessOptions = {}, prefix = 'lifecycle-lab-') {
    this.root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    this.maxDiskBytes = options.maxDiskBytes ?? 64 * 1024 * 1024;
    this.onCap = options.onCap ?? (() => {});
    const maxProcesses = options.maxProcesses ?? 64;
    const sandbox = options.sandbox ?? bwrapAvailable();
    const node = options.node ?? process.execPath;
    this.launcher = sandbox
      ? new BwrapLauncher(this.root, {
          node,
          maxProcesses,
          onCap: (count) => this.onCap(`${count} processes were alive, more than the limit of ${maxProcesses}: the local runner stopped them all`),
        })
      : new PlainLauncher(node);
    this.diskTimer = setInterval(() => this.checkDisk(), DISK_CHECK_MS);
    this.diskTimer.unref();
  }

  get sandboxed(): boolean {
    return this.launcher.sandboxed;
  }

  private checkDisk(): void {
    if (this.processes.size === 0) return;
    const used = diskUse(this.root);
    if (used <= this.maxDiskBytes) return;
    this.onCap(
      `the examples' folder holds ${Math.round(used / 1e6)} MB, more than the limit of ${Math.round(this.maxDiskBytes / 1e6)} MB: the local runner stopped them`,
    );
    for (const p of this.processes) void p.kill('SIGKILL');
  }

  /** The folder of one sandbox. `dir` must be a single safe name. */
  folder(dir: string): string {
    return resolveInside(this.root, dir);
  }

  /** Make the folder hold exactly these files. A file whose contents are already there is not
   * written again (a Run mounts every time; rewriting would also wake `node --watch` for nothing). */
  mount(dir: string, files: FileTree): void {
    const folder = this.folder(dir);
    // Check every path before touching the folder, so a refused tree leaves the old one intact.
    const wanted = new Set(Object.keys(files).map((path) => resolveInside(folder, path)));
    mkdirSync(folder, { recursive: true });
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      // A symlink the example made is removed too, so no write below can follow it out of the folder.
      if (entry.isSymbolicLink() || (!entry.isDirectory() && !wanted.has(path))) rmSync(path, { force: true });
    }
    for (const [path, contents] of Object.entries(files)) {
      const target = resolveInside(folder, path);
      if (readOrNull(target) !== contents) this.writeFile(dir, path, contents);
    }
    removeEmptyFolders(folder);
  }

  /** Write a file without following a link that example code planted: the parent must resolve inside the
   * folder, and the file itself is opened with O_NOFOLLOW (a link there is refused, not written through). */
  writeFile(dir: string, path: string, contents: string): void {
    const folder = this.folder(dir);
    const target = resolveInside(folder, path);
    mkdirSync(folder, { recursive: true });
    const parent = dirname(target);
    mkdirSync(parent, { recursive: true });
    const real = realpathSync(parent);
    if (real !== realpathSync(folder) && !real.startsWith(realpathSync(folder) + sep))
      throw new RefusedError(`path ${JSON.stringify(path)} refused: its folder is a link that leads outside the example`);
    let fd: number;
    try {
      fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new RefusedError(`path ${JSON.stringify(path)} refused: it is a link`);
      throw err;
    }
    try {
      if (!fstatSync(fd).isFile()) throw new RefusedError(`path ${JSON.stringify(path)} refused: not a plain file`);
      writeSync(fd, contents);
    } finally {
      closeSync(fd);
    }
  }

  get size(): number {
    return this.processes.size;
  }

  async spawn(dir: string, args: string[], env: Record<string, string> = {}): Promise<ManagedProcess> {
    const cwd = this.folder(dir);
    checkNodeArgs(cwd, args);
    const marker = randomBytes(12).toString('hex');
    this.markers.add(marker);
    const started = await this.launcher.start(cwd, args, { ...baseEnv(cwd, this.launcher.sandboxed, this.session), ...env }, marker);
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
    rmSync(this.root, { recursive: true, force: true });
  }
}
