// The WebContainer runtime: Node running inside the reader's browser tab. It maps the Runtime
// interface onto @webcontainer/api and adds what the API lacks or leaves to its users:
// - a boot timeout with staged progress. WebContainer.boot() never settles when stackblitz.com
//   cannot be reached, and the library keeps that attempt for the page; a retry races the same
//   attempt again, and an attempt that finishes after everyone stopped waiting is torn down;
// - a hard stop that really stops: kill() takes no signal there, and a process spinning in a loop
//   does not die from it. After a deadline the container is torn down and booted again;
// - output that ends before exit resolves, so "stopped" never comes before the last line;
// - the container's `error` and `port` events, passed on.
import type { FileSystemTree, WebContainer, WebContainerProcess } from '@webcontainer/api';
import { RuntimeUnavailableError, type FileTree, type Runtime, type RuntimeProcess, type SpawnOptions } from '../core/runtime.ts';
import { createProcessOutput, type ProcessOutput } from '../core/process-output.ts';
import { BootProgress } from '../core/boot-progress.ts';
import { PYTHON_RUNS_LOCALLY, isPythonCommand } from '../core/example.ts';
import { BOOT_CAUSES, BOOT_REMEDIES, WEBCONTAINER_HOSTS } from './webcontainer-preflight.ts';

export const BOOT_TIMEOUT_MS = 30_000;
/** After this long, the reader is told the runtime is still connecting and offered the alternatives. */
export const SLOW_BOOT_MS = 8_000;
/** How long a hard kill may take before the container is torn down. */
export const KILL_DEADLINE_MS = 3_000;
/** How long output may keep arriving after a process's exit before the stream is closed. */
const DRAIN_MS = 250;
const FIRST_PORT = 3001;
/** Exit code given to processes that ended because the container was torn down (128 + SIGKILL). */
export const TORN_DOWN_EXIT = 137;

/** Turn flat "a/b.js" paths into the nested tree WebContainer.mount expects. */
export function toFileSystemTree(files: FileTree): FileSystemTree {
  const tree: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    let node = tree;
    for (const dir of parts.slice(0, -1)) {
      const existing = node[dir];
      if (!existing || !('directory' in existing)) node[dir] = { directory: {} };
      node = (node[dir] as { directory: FileSystemTree }).directory;
    }
    node[parts[parts.length - 1]!] = { file: { contents } };
  }
  return tree;
}

export type BootFn = (options: { coep: 'require-corp'; workdirName: string }) => Promise<WebContainer>;

export interface WebContainerOptions {
  timeoutMs?: number;
  slowMs?: number;
  killDeadlineMs?: number;
  /** The first port handed out (each sandbox gets the next). */
  firstPort?: number;
  progress?: BootProgress;
}

interface LiveProcess {
  /** The PORT it was given, if any. */
  port: number | null;
  output: ProcessOutput;
  end(code: number): void;
  listen: Set<(port: number) => void>;
}

export class WebContainerRuntime implements Runtime {
  readonly kind = 'webcontainer' as const;
  readonly killIsHard = true;
  readonly progress: BootProgress;
  /** The Node version the container runs (read on boot), e.g. "v20.19.1". */
  nodeVersion: string | null = null;
  /** The library's boot, which may stay pending forever; kept so a retry waits on it again. */
  private attempt: Promise<WebContainer> | null = null;
  /** The current wait for the attempt, shared by every caller of boot() meanwhile. */
  private waiting: Promise<void> | null = null;
  private container: WebContainer | null = null;
  private unsubscribe: Array<() => void> = [];
  private readonly live = new Set<LiveProcess>();
  private nextPort: number;
  private readonly bootFn: BootFn;
  private readonly timeoutMs: number;
  private readonly slowMs: number;
  private readonly killDeadlineMs: number;

  constructor(bootFn: BootFn, options: WebContainerOptions = {}) {
    this.bootFn = bootFn;
    this.timeoutMs = options.timeoutMs ?? BOOT_TIMEOUT_MS;
    this.slowMs = options.slowMs ?? SLOW_BOOT_MS;
    this.killDeadlineMs = options.killDeadlineMs ?? KILL_DEADLINE_MS;
    this.nextPort = options.firstPort ?? FIRST_PORT;
    this.progress = options.progress ?? new BootProgress();
  }

  boot(): Promise<void> {
    if (this.container) return Promise.resolve();
    this.waiting ??= this.waitForAttempt().finally(() => {
      this.waiting = null;
    });
    return this.waiting;
  }

  /** Start the library's boot (once per attempt) and its first process: the "starting" stage. */
  private startAttempt(): Promise<WebContainer> {
    this.progress.reset();
    this.progress.emit({ type: 'stage', stage: 'loading' });
    const attempt = this.bootFn({ coep: 'require-corp', workdirName: 'lifecycle-lab' }).then(async (wc) => {
      this.progress.emit({ type: 'stage', stage: 'starting' });
      this.nodeVersion = await readNodeVersion(wc);
      return wc;
    });
    attempt.then(
      (wc) => {
        // Everyone gave up on this attempt (it came late, and no one pressed Retry): release it.
        if (this.attempt === attempt && !this.waiting) {
          this.attempt = null;
          wc.teardown();
        }
      },
      () => {
        if (this.attempt === attempt) this.attempt = null; // a retry starts a fresh one
      },
    );
    return attempt;
  }

  private waitForAttempt(): Promise<void> {
    const attempt = (this.attempt ??= this.startAttempt());
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const slow = setTimeout(() => this.progress.emit({ type: 'slow', afterMs: this.slowMs }), this.slowMs);
      const timer = setTimeout(() => {
        settled = true;
        clearTimeout(slow);
        reject(
          new RuntimeUnavailableError(
            `The in-browser runtime did not start within ${this.timeoutMs / 1000} s. A network must allow ${WEBCONTAINER_HOSTS.join(', ')}.`,
            BOOT_CAUSES,
            BOOT_REMEDIES,
            true,
          ),
        );
      }, this.timeoutMs);
      attempt.then(
        (wc) => {
          clearTimeout(slow);
          clearTimeout(timer);
          // Given up on (timed out; startAttempt releases it) or torn down meanwhile.
          if (settled || this.attempt !== attempt) return;
          this.adopt(wc);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(slow);
          clearTimeout(timer);
          if (settled) return;
          const why = err instanceof Error ? err.message : String(err);
          const stop = /[.!?]$/.test(why) ? '' : '.'; // the notice goes on with a sentence of its own
          reject(new RuntimeUnavailableError(`The in-browser runtime failed to start: ${why}${stop}`, BOOT_CAUSES, BOOT_REMEDIES, true));
        },
      );
    });
  }

  private adopt(wc: WebContainer): void {
    this.container = wc;
    this.unsubscribe = [
      // Internal errors of the runtime: say so in every running sandbox's output.
      wc.on('error', (error) => {
        for (const proc of this.live) proc.output.push(`\r\n\x1b[2m› the in-browser runtime reported an error: ${error.message}\x1b[22m\r\n`);
      }),
      // Which process opened a port is not said. A port some process was given as PORT is its
      // own; any other port goes to every process, and each session keeps only the first it can
      // use (see core/port-discovery.ts).
      wc.on('port', (port, type) => {
        if (type !== 'open') return;
        const owners = [...this.live].filter((p) => p.port === port);
        for (const proc of owners.length ? owners : this.live) for (const listener of proc.listen) listener(port);
      }),
    ];
  }

  private async wc(): Promise<WebContainer> {
    await this.boot();
    return this.container!;
  }

  async mount(dir: string, files: FileTree): Promise<void> {
    const wc = await this.wc();
    await wc.fs.rm(dir, { recursive: true, force: true });
    await wc.fs.mkdir(dir, { recursive: true });
    await wc.mount(toFileSystemTree(files), { mountPoint: dir });
  }

  async writeFile(dir: string, path: string, contents: string): Promise<void> {
    const wc = await this.wc();
    const slash = path.lastIndexOf('/');
    if (slash > 0) await wc.fs.mkdir(`${dir}/${path.slice(0, slash)}`, { recursive: true });
    await wc.fs.writeFile(`${dir}/${path}`, contents);
  }

  async spawn(dir: string, args: string[], options: SpawnOptions = {}): Promise<RuntimeProcess> {
    // WebContainers run Node only: a Python example's command (uvicorn, gunicorn, python) is refused
    // with the reason, never passed to node as a script name.
    // Unavailable, not a crash: the reader's code is not at fault.
    if (isPythonCommand(args)) throw new RuntimeUnavailableError(PYTHON_RUNS_LOCALLY, [], []);
    const wc = await this.wc();
    const proc = await wc.spawn('node', args, { cwd: dir, env: options.env ?? {} });
    const output = createProcessOutput();
    let resolveExit!: (code: number) => void;
    const exit = new Promise<number>((r) => (resolveExit = r));
    let ended = false;
    const live: LiveProcess = {
      port: Number(options.env?.PORT) || null,
      output,
      listen: new Set(),
      end: (code) => {
        if (ended) return;
        ended = true;
        this.live.delete(live);
        resolveExit(code);
      },
    };
    this.live.add(live);
    const drained = pump(proc, output);
    // Exit resolves after the output has ended (or a short drain): nothing prints after "stopped".
    void proc.exit.then(async (code) => {
      await Promise.race([drained.done, new Promise((r) => setTimeout(r, DRAIN_MS))]);
      drained.close();
      live.end(code);
    });
    const input = proc.input.getWriter();
    return {
      onOutput: output.listen,
      exit,
      write: (data) => {
        if (!ended) void input.write(data).catch(() => {});
      },
      // WebContainer's kill() takes no signal and ends the process at once, or should: a process
      // spinning in a loop may not notice. Past the deadline, the container goes, and comes back.
      kill: async () => {
        if (ended) return;
        proc.kill();
        const stopped = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), this.killDeadlineMs))]);
        if (!stopped)
          await this.restartContainer(
            `the process did not stop within ${this.killDeadlineMs / 1000} s (a busy loop cannot be interrupted in the browser), so the in-browser runtime was restarted`,
          );
        await exit;
      },
      onListen: (listener) => void live.listen.add(listener),
    };
  }

  /** Tear the container down (every process on the page ends, saying why) and boot a fresh one. */
  private async restartContainer(reason: string): Promise<void> {
    const wc = this.container;
    this.container = null;
    this.attempt = null;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    for (const proc of [...this.live]) {
      proc.output.push(`\r\n\x1b[2m› ${reason}\x1b[22m\r\n`);
      proc.end(TORN_DOWN_EXIT);
    }
    wc?.teardown();
    await this.boot().catch(() => {}); // the next Run reports a failure, if there is one
  }

  async allocatePort(): Promise<number> {
    return this.nextPort++;
  }

  async dispose(): Promise<void> {
    const wc = this.container;
    this.container = null;
    this.attempt = null;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    for (const proc of [...this.live]) proc.end(TORN_DOWN_EXIT);
    wc?.teardown();
  }
}

/** Copy a process's output into `output` until it ends, or until close(): output after that is dropped. */
function pump(proc: WebContainerProcess, output: ProcessOutput): { done: Promise<void>; close(): void } {
  const reader = proc.output.getReader();
  let closed = false;
  const done = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || closed) return;
        output.push(value);
      }
    } catch {
      // The stream broke (teardown): nothing more will come.
    }
  })();
  return {
    done,
    close: () => {
      closed = true;
      void reader.cancel().catch(() => {});
    },
  };
}

/** Run `node --version` once: proves a process starts, and tells which Node the reader's browser runs. */
async function readNodeVersion(wc: WebContainer): Promise<string | null> {
  const proc = await wc.spawn('node', ['--version']);
  let text = '';
  const read = proc.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) })).catch(() => {});
  await proc.exit;
  await Promise.race([read, new Promise((r) => setTimeout(r, DRAIN_MS))]);
  return /v\d+\.\d+\.\d+/.exec(text)?.[0] ?? null;
}
