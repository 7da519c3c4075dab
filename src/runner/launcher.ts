// How the runner starts and stops example processes. Two ways, one interface: straight on this
// machine with the user's rights (PlainLauncher, below), or inside one OS sandbox per page session
// (BwrapLauncher, bwrap.ts). ProcessManager (processes.ts) holds the folders, the grace period
// before SIGKILL and the caps, the same for both.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { syncTree, writeInside } from './file-tree.ts';
import { resolveInside } from './paths.ts';
import { markedWith, signal, straysOf } from './tree.ts';

/** What a process runs: node, or the Python environment's interpreter (python-env.ts). */
export type Program = 'node' | 'python';

export interface Started {
  /** The PID as the examples see it (inside the sandbox's PID namespace, when there is one). */
  pid: number;
  stdout: Readable;
  stderr: Readable;
  stdin: Writable;
  /** The leader exited (with a code, or by a signal). */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Its stdout and stderr are drained. */
  closed: Promise<void>;
}

export interface Launcher {
  /** Examples run inside an OS sandbox. */
  readonly sandboxed: boolean;
  /** Get ready to start processes (the OS sandbox starts here), so that the first Run does not wait for it. */
  warm(): void;
  /** The folder of one sandbox, as its processes see it. `dir` is one safe name. */
  folder(dir: string): string;
  /** Make the folder hold exactly these files (file-tree.ts rules: nothing the example made is followed). */
  mount(dir: string, files: Record<string, string>): Promise<void>;
  writeFile(dir: string, path: string, contents: string): Promise<void>;
  /** Run `<program> <args>` in `cwd`. `marker` is a value only this process and its descendants carry.
   * `python` is the interpreter's path here, for a launcher that runs on this machine. */
  start(cwd: string, args: string[], env: Record<string, string>, marker: string, program?: Program, python?: string): Promise<Started>;
  /** Signal a leader's process group and its descendants that left it. False when the group is gone. */
  killTree(pid: number, signal: NodeJS.Signals): Promise<boolean>;
  /** Kill what a tree left behind after its leader is gone (detached, double-forked children). */
  sweep(marker: string): Promise<void>;
  /** PIDs, as this machine sees them, of every process of the session: for tests and diagnostics. */
  hostPids(markers: Iterable<string>): number[];
  /** The PID this machine sees for a process `start` reported (inside a PID namespace they differ). */
  hostPidOf(pid: number): number | undefined;
  dispose(): Promise<void>;
}

/** The environment variable that marks every process of one tree (inherited by its children). */
export const MARKER_ENV = 'LAB_TREE';

/** Without an OS sandbox: node runs as this user, each example leading its own process group. */
export class PlainLauncher implements Launcher {
  readonly sandboxed = false;
  private readonly node: string;
  private readonly root: string;

  /** `root`: the session's folder on this machine, holding one folder per sandbox. */
  constructor(root: string, node = process.execPath) {
    this.root = root;
    this.node = node;
  }

  warm(): void {}

  folder(dir: string): string {
    return resolveInside(this.root, dir);
  }

  async mount(dir: string, files: Record<string, string>): Promise<void> {
    syncTree(this.folder(dir), files);
  }

  async writeFile(dir: string, path: string, contents: string): Promise<void> {
    const folder = this.folder(dir);
    mkdirSync(folder, { recursive: true });
    writeInside(folder, path, contents);
  }

  hostPidOf(pid: number): number {
    return pid;
  }

  async start(cwd: string, args: string[], env: Record<string, string>, marker: string, program: Program = 'node', python?: string): Promise<Started> {
    const file = program === 'python' ? python : this.node;
    if (!file) throw new Error('python is not available on this machine');
    const child = spawn(file, args, { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...env, [MARKER_ENV]: marker } });
    const pid = child.pid;
    if (pid === undefined) throw new Error('node could not be started');
    child.once('error', () => {});
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('exit', (code, sig) => {
        signal(-pid, 'SIGKILL'); // the leader is gone; what it left in its group (workers) goes too
        resolve({ code, signal: sig });
      });
      child.once('error', () => resolve({ code: 1, signal: null }));
    });
    const closed = new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.once('error', () => resolve());
    });
    return { pid, stdout: child.stdout!, stderr: child.stderr!, stdin: child.stdin!, exited, closed };
  }

  async killTree(pid: number, sig: NodeJS.Signals): Promise<boolean> {
    // The group holds the tree, except children that left it (detached): signal those by PID.
    const strays = straysOf(pid);
    const reached = signal(-pid, sig);
    for (const stray of strays) signal(stray, sig);
    return reached;
  }

  async sweep(marker: string): Promise<void> {
    for (const pid of markedWith(MARKER_ENV, marker)) signal(pid, 'SIGKILL');
  }

  hostPids(markers: Iterable<string>): number[] {
    return [...markers].flatMap((marker) => markedWith(MARKER_ENV, marker));
  }

  async dispose(): Promise<void> {}
}
