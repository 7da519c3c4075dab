// A stand-in for @webcontainer/api, for end-to-end tests only. No machine here reaches
// stackblitz.com, so the real WebContainer never boots in a test; this module lets the real adapter
// (src/sandbox/runtimes/webcontainer.ts) run in Chromium anyway. A build made with
// LAB_WEBCONTAINER_STANDIN=1 aliases '@webcontainer/api' to this file (astro.config.mjs); a normal
// build never contains it (e2e/webcontainer-standin.spec.ts checks both builds).
//
// It implements the part of the API the adapter uses, backed by real node processes through the
// local runner's WebSocket (RunnerSocketRuntime: no second process layer), and behaves the way
// WebContainers are documented to:
// - a process's stdout and stderr come through a terminal: "\n" arrives as "\r\n", colour codes
//   and ESC c pass through;
// - its stdin is a cooked terminal: what is written is echoed back into the output, and DEL
//   erases the previous character, until a newline sends the line on;
// - kill() takes no signal and is always hard;
// - `port` events say when a process opens a port.
// Each real WebContainer has a loopback of its own; these processes share this machine's, so a test
// build's adapter hands out ports from a random base (page-runtime.ts) and two pages do not collide.
// Faults are switched on per page with ?wcfault=<a>,<b> (and ?wclate=<ms> for boot-late):
//   boot-hang   boot() never settles (what a blocked network does)
//   boot-reject boot() rejects
//   boot-late   the page's first boot() resolves after wclate ms (later ones are quick)
//   no-cluster  require('node:cluster') fails in the example's processes
//   unkillable  the example's processes ignore SIGTERM and kill() (a busy loop in the browser)
//   lose-line   the request agent's first answer to a request never arrives
// It never backs a claim about how Node behaves: the processes are this machine's node.
import type { FileSystemTree } from '@webcontainer/api';
import { RunnerSocketRuntime } from '../sandbox/runtimes/runner-socket.ts';
import type { RuntimeProcess } from '../sandbox/core/runtime.ts';
import { LineSplitter } from '../sandbox/core/events.ts';

/** Present in every build that contains the stand-in; the build check looks for it. */
export const STANDIN_MARKER = 'lifecycle-lab: WebContainer stand-in for tests';

const AGENT_SCRIPT = '.lab/agent.cjs';
const FAULT_SCRIPT = '.standin/faults.cjs';

// Runs before the example's script (node [flags] .standin/faults.cjs server.js), then hands over:
// argv[1] becomes the script again, so cluster.fork() starts workers from it as usual.
const FAULT_SOURCE = `'use strict';
const faults = (process.env.APP_STANDIN_FAULTS || '').split(',');
if (faults.includes('no-cluster')) {
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'cluster' || request === 'node:cluster') {
      const err = new Error("No such built-in module: node:cluster");
      err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
      throw err;
    }
    return load.call(this, request, ...rest);
  };
}
if (faults.includes('unkillable')) for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
process.argv.splice(1, 1);
require(require('node:path').resolve(process.argv[1]));
`;

type Listener = (...args: never[]) => void;

function pageFaults(): { set: Set<string>; lateMs: number } {
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  return { set: new Set((params.get('wcfault') ?? '').split(',').filter(Boolean)), lateMs: Number(params.get('wclate')) || 5000 };
}

let apiKey: string | null = null;
let booted = false;
let bootCalled = false;
let lateDone = false;
/** A teardown still killing processes: the next boot waits for it, as the real API's does. */
let tearingDown: Promise<void> = Promise.resolve();
/** Lines the lose-line fault has yet to drop on this page. */
let linesToLose = pageFaults().set.has('lose-line') ? 1 : 0;

export function configureAPIKey(key: string): void {
  if (bootCalled) throw new Error('`configureAPIKey` should always be called before `WebContainer.boot`');
  apiKey = key;
}

/** The key a test build was given (the e2e suite reads it through the page). */
export const configuredKey = (): string | null => apiKey;

/** Flatten a mount tree to "a/b.js" -> contents. */
function flatten(tree: FileSystemTree, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, node] of Object.entries(tree)) {
    if ('directory' in node) Object.assign(files, flatten(node.directory, `${prefix}${name}/`));
    else if ('file' in node && 'contents' in node.file) files[`${prefix}${name}`] = String(node.file.contents);
  }
  return files;
}

/** "dir/rest/of/path" -> ["dir", "rest/of/path"]. */
function split(path: string): [string, string] {
  const clean = path.replace(/^\/+/, '');
  const slash = clean.indexOf('/');
  return slash < 0 ? [clean, ''] : [clean.slice(0, slash), clean.slice(slash + 1)];
}

/** A terminal's view of a process's output stream, with the echo of cooked input merged in at line ends. */
class Terminal {
  readonly output: ReadableStream<string>;
  private controller!: ReadableStreamDefaultController<string>;
  private atLineStart = true;
  private pendingEcho = '';
  private line = '';
  private closed = false;

  constructor() {
    this.output = new ReadableStream<string>({ start: (c) => void (this.controller = c) });
  }

  /** Output of the process: ONLCR turns "\n" into "\r\n". */
  print(text: string): void {
    if (this.closed || !text) return;
    this.controller.enqueue(text.replace(/\r?\n/g, '\r\n'));
    this.atLineStart = text.endsWith('\n');
    this.flushEcho();
  }

  /** Cooked input: echo, DEL erases, a newline sends the line. Returns the complete lines. */
  type(data: string): string {
    let sent = '';
    for (const ch of data) {
      if (ch === '\x7f' || ch === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.echo('\b \b');
        }
      } else if (ch === '\n' || ch === '\r') {
        sent += `${this.line}\n`;
        this.line = '';
        this.echo('\r\n');
      } else {
        this.line += ch;
        this.echo(ch);
      }
    }
    return sent;
  }

  // The echo is held while the process is mid-line, so that it never splits one of its lines
  // (which a real terminal could do; the agent avoids it there by switching to raw mode).
  private echo(text: string): void {
    this.pendingEcho += text;
    this.flushEcho();
  }

  private flushEcho(): void {
    if (!this.atLineStart || !this.pendingEcho || this.closed) return;
    this.controller.enqueue(this.pendingEcho);
    this.pendingEcho = '';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
  }
}

export class WebContainer {
  private readonly runtime: RunnerSocketRuntime;
  private readonly node: string;
  private readonly faults: Set<string>;
  private readonly listeners: Record<string, Set<Listener>> = {};
  private readonly mounted = new Set<string>();
  private readonly live = new Set<RuntimeProcess>();
  private tornDown = false;

  private constructor(runtime: RunnerSocketRuntime, node: string, faults: Set<string>) {
    this.runtime = runtime;
    this.node = node;
    this.faults = faults;
  }

  static async boot(_options: { coep?: string; workdirName?: string } = {}): Promise<WebContainer> {
    bootCalled = true;
    await tearingDown;
    const faults = pageFaults();
    if (faults.set.has('boot-hang')) return new Promise(() => {});
    await new Promise((r) => setTimeout(r, 200)); // a boot is never instant
    if (faults.set.has('boot-reject')) throw new Error('Unable to create more instances');
    if (faults.set.has('boot-late') && !lateDone) {
      lateDone = true;
      await new Promise((r) => setTimeout(r, faults.lateMs));
    }
    // The real API allows one instance per page: a leaked one makes the next boot fail.
    if (booted) throw new Error('Only a single WebContainer instance can be booted');
    const info = await RunnerSocketRuntime.detect();
    if (!info) throw new Error('the WebContainer stand-in needs the local runner (serve the test build with npm start)');
    const runtime = new RunnerSocketRuntime(info);
    await runtime.boot();
    booted = true;
    return new WebContainer(runtime, info.node, faults.set);
  }

  readonly fs = {
    rm: async (path: string, _options?: { recursive?: boolean; force?: boolean }) => {
      const [dir, rest] = split(path);
      if (!rest) {
        this.mounted.delete(dir);
        await this.runtime.mount(dir, {});
      }
    },
    mkdir: async (path: string, _options?: { recursive?: boolean }) => {
      const [dir] = split(path);
      if (!this.mounted.has(dir)) {
        this.mounted.add(dir);
        await this.runtime.mount(dir, {});
      }
    },
    writeFile: async (path: string, contents: string) => {
      const [dir, rest] = split(path);
      await this.runtime.writeFile(dir, rest, contents);
    },
  };

  async mount(tree: FileSystemTree, options: { mountPoint?: string } = {}): Promise<void> {
    const dir = options.mountPoint ?? '.';
    this.mounted.add(dir);
    await this.runtime.mount(dir, flatten(tree));
  }

  on(event: string, listener: Listener): () => void {
    const set = (this.listeners[event] ??= new Set());
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners[event] ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  async spawn(
    command: string,
    args: string[] = [],
    options: { cwd?: string; env?: Record<string, string> } = {},
  ): Promise<{ output: ReadableStream<string>; input: WritableStream<string>; exit: Promise<number>; kill(): void }> {
    if (this.tornDown) throw new Error('WebContainer was torn down');
    if (command !== 'node') throw new Error(`the stand-in runs node only, not ${command}`);
    const terminal = new Terminal();
    if (args[0] === '--version') {
      // Answered here: the runner runs scripts only. The version is the runner's real one.
      terminal.print(`${this.node}\n`);
      terminal.close();
      return { output: terminal.output, input: new WritableStream(), exit: Promise.resolve(0), kill() {} };
    }
    const dir = options.cwd ?? '.';
    const script = args.find((a) => !a.startsWith('-'));
    const isAgent = script === AGENT_SCRIPT;
    const wrapped = !isAgent && (this.faults.has('no-cluster') || this.faults.has('unkillable'));
    let runArgs = args;
    const env = { ...options.env };
    if (wrapped && script) {
      await this.runtime.writeFile(dir, FAULT_SCRIPT, FAULT_SOURCE);
      const at = args.indexOf(script);
      runArgs = [...args.slice(0, at), FAULT_SCRIPT, ...args.slice(at)];
      // APP_*: the local runner passes only allowlisted variables to processes (README, Security).
      env.APP_STANDIN_FAULTS = [...this.faults].join(',');
    }
    const proc: RuntimeProcess = await this.runtime.spawn(dir, runArgs, { env });
    this.live.add(proc);
    const lines = new LineSplitter();
    proc.onOutput((chunk) => {
      if (!isAgent || linesToLose === 0) return terminal.print(chunk);
      // lose-line: drop the agent's first answer to a request, as a garbled terminal line would.
      lines.push(chunk, (line) => {
        if (linesToLose > 0 && line.includes('"status"')) linesToLose--;
        else terminal.print(`${line}\n`);
      });
    });
    proc.onListen?.((port) => this.emit('port', port, 'open', `http://localhost:${port}`));
    const exit = proc.exit.then((code) => {
      this.live.delete(proc);
      terminal.close();
      return code;
    });
    return {
      output: terminal.output,
      input: new WritableStream<string>({
        write: (data) => {
          const lines = terminal.type(data);
          if (lines) proc.write(lines);
        },
      }),
      exit,
      // Always hard. With the unkillable fault, the example's processes do not die from it either.
      kill: () => {
        if (wrapped && this.faults.has('unkillable')) return;
        void proc.kill('SIGKILL').catch(() => {});
      },
    };
  }

  teardown(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    // Everything in the container ends at once, whatever it was doing.
    const procs = [...this.live];
    tearingDown = Promise.all(procs.map((p) => p.kill('SIGKILL').catch(() => {})))
      .then(() => this.runtime.dispose())
      .finally(() => {
        booted = false;
      });
  }
}
