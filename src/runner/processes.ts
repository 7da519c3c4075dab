// Real node processes for the local runtime: one temp folder per sandbox, `node` only, and
// the whole process tree killed on demand. The WebSocket server (runner) and the Node-side
// example tests both run examples through this one class.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { FileTree, KillSignal } from '../sandbox/core/runtime.ts';
import { resolveInside, checkNodeArgs } from './paths.ts';
import { straysOf } from './tree.ts';

export interface ManagedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (128 + signal number when killed by a signal) once the tree is gone. */
  readonly exit: Promise<number>;
  kill(signal?: KillSignal): Promise<void>;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
/** How long SIGTERM gets before the tree is SIGKILLed: an infinite loop must stop within 2 s. */
export const KILL_GRACE_MS = 1000;
/** How long, after the leader exits, its output pipes get to drain before exit resolves anyway. */
const CLOSE_WAIT_MS = 500;

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    // Negative pid: the process group. Each spawned node leads its own group (detached), so this
    // reaches cluster workers and child processes too.
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function killOne(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
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
  private readonly processes = new Set<ManagedProcess>();

  /** The node binary examples run under: this process's own, unless a test picks another. */
  private readonly node: string;

  constructor(prefix = 'lifecycle-lab-', node = process.execPath) {
    this.node = node;
    this.root = mkdtempSync(join(tmpdir(), prefix));
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

  writeFile(dir: string, path: string, contents: string): void {
    const target = resolveInside(this.folder(dir), path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
  }

  get size(): number {
    return this.processes.size;
  }

  spawn(dir: string, args: string[], env: Record<string, string> = {}): ManagedProcess {
    const cwd = this.folder(dir);
    checkNodeArgs(cwd, args);
    const child = spawn(this.node, args, {
      cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, NODE_ENV: 'development', FORCE_COLOR: '1', ...env },
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('node could not be started');
    const exit = new Promise<number>((resolve) => {
      const done = (code: number) => {
        this.processes.delete(managed);
        resolve(code);
      };
      child.once('exit', (code, signal) => {
        // The leader is gone; anything it left behind in its group (workers) goes too.
        killGroup(pid, 'SIGKILL');
        const result = code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 0);
        // Resolve once stdout/stderr are drained ('close'), so the last output comes before the exit.
        // A grandchild that left the group may hold the pipes open: do not wait for it forever.
        const timer = setTimeout(() => done(result), CLOSE_WAIT_MS);
        child.once('close', () => {
          clearTimeout(timer);
          done(result);
        });
      });
      child.once('error', () => done(1));
    });
    const managed: ManagedProcess = {
      pid,
      child,
      exit,
      kill: async (signal = 'SIGTERM') => {
        // The group holds the tree, except children that left it (detached): signal those by PID.
        const strays = straysOf(pid);
        const signalTree = (sig: NodeJS.Signals) => {
          const reached = killGroup(pid, sig);
          for (const stray of strays) killOne(stray, sig);
          return reached;
        };
        // When the group is already gone the leader has exited: just wait for its exit to resolve.
        if (!signalTree(signal)) return void (await exit);
        const timer = setTimeout(() => signalTree('SIGKILL'), signal === 'SIGKILL' ? 0 : KILL_GRACE_MS);
        await exit;
        clearTimeout(timer);
        // The group got SIGKILL when its leader exited; strays outside it get the same.
        for (const stray of strays) killOne(stray, 'SIGKILL');
      },
    };
    this.processes.add(managed);
    return managed;
  }

  /** Kill every process and delete every folder. */
  async dispose(): Promise<void> {
    await Promise.all([...this.processes].map((p) => p.kill('SIGTERM')));
    rmSync(this.root, { recursive: true, force: true });
  }
}
