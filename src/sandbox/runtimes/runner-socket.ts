// The local runtime: real node processes on the machine that serves the site, reached over the
// local runner's WebSocket (src/runner/server.ts). Offered when the site runs from `npm start` or
// `npm run dev`; a static deploy has no runner, and detect() says so. Browser code (global fetch and
// WebSocket only) that also runs under Node 22+, which is how the tests drive it.
import { RuntimeUnavailableError, type FileTree, type KillSignal, type Runtime, type RuntimeProcess, type SpawnOptions } from '../core/runtime.ts';
import { createProcessOutput, type ProcessOutput } from '../core/process-output.ts';
import { Correlator } from '../core/correlator.ts';
import { RUNNER_PATH, formatBytes, type RunnerInfo, type RunnerMessage, type RunnerRequest } from '../core/protocol.ts';
import { RIGHT_HEADER, heldRight } from '../core/run-right.ts';

export const CONNECT_TIMEOUT_MS = 5000;
export const WENT_AWAY = 'the local runner went away (is npm start still running?)';
const DISPOSED = 'the local runtime was closed';

export const CONNECT_CAUSES = [
  'the server (npm start or npm run dev) was stopped or restarted since this page loaded',
  'the page was opened from an address other than the one the server printed',
];
export const CONNECT_REMEDIES = ['start the site again with `npm start` and reload the page', 'read the recorded output below'];

/** What detect() found: the runner's info plus the absolute WebSocket address (without the token). */
export interface RunnerSocketInfo extends RunnerInfo {
  wsUrl: string;
  /** Set when a runner serves the site but this browser lacks the right to run: says how to get it. */
  locked?: string;
}

/** Requests as the runtime writes them: the id is added when sent. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Call = WithoutId<RunnerRequest>;
type Answer = Extract<RunnerMessage, { re: number | null }>;
type Reply = Extract<Answer, { ok: true }>;

interface Proc {
  output: ProcessOutput;
  /** Ports the runner saw the process tree listen on, and who wants to know. */
  ports: number[];
  listen: Array<(port: number) => void>;
  exit: Promise<number>;
  resolveExit(code: number): void;
}

export class RunnerSocketRuntime implements Runtime {
  readonly kind = 'local' as const;
  readonly info: RunnerSocketInfo;
  private readonly connectTimeoutMs: number;
  private socket: WebSocket | null = null;
  private connecting: Promise<void> | null = null;
  /** Set once the connection is over: every later call fails with this reason. */
  private gone: string | null = null;
  private readonly calls = new Correlator<Answer>();
  private readonly procs = new Map<number, Proc>();
  /** Spawn requests waiting for their answer, by request id: who hears their setup lines. */
  private readonly setups = new Map<number, (line: string) => void>();

  /** Ask the site's server whether it hosts a local runner. Null when not (404, static host, network error, not JSON).
   * `right`: the right to run to present (default: the one this page holds, core/run-right.ts); Node
   * clients (tests, the bench) pass the printed secret. */
  static async detect(baseUrl?: string, right: string | null = heldRight()): Promise<RunnerSocketInfo | null> {
    const base = baseUrl ?? globalThis.location?.href;
    if (!base) return null;
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...(right ? { [RIGHT_HEADER]: right } : {}) };
      const res = await fetch(new URL(RUNNER_PATH, base), { headers, signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) });
      if (res.status === 401) {
        const refused = (await res.json()) as { locked?: boolean; error?: string; sandboxed?: boolean } | null;
        if (!refused?.locked) return null;
        return { token: '', ws: '', node: '', wsUrl: '', locked: String(refused.error), sandboxed: refused.sandboxed === true };
      }
      if (!res.ok) return null;
      const info = (await res.json()) as Partial<RunnerInfo> | null;
      if (!info || typeof info.token !== 'string' || typeof info.ws !== 'string') return null;
      const wsUrl = new URL(info.ws, base);
      wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
      return { ...(info as RunnerInfo), wsUrl: wsUrl.href };
    } catch {
      return null;
    }
  }

  get sandboxed(): boolean {
    return this.info.sandboxed === true;
  }

  constructor(info: RunnerSocketInfo, options: { connectTimeoutMs?: number } = {}) {
    this.info = info;
    this.connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  }

  boot(): Promise<void> {
    if (this.gone) return Promise.reject(new Error(this.gone));
    this.connecting ??= this.connect().catch((err: unknown) => {
      this.connecting = null; // a later Run may try again
      throw err;
    });
    return this.connecting;
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const url = new URL(this.info.wsUrl);
      url.searchParams.set('token', this.info.token);
      const where = `${url.origin}${url.pathname}`;
      let settled = false;
      const fail = (message: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new RuntimeUnavailableError(message, CONNECT_CAUSES, CONNECT_REMEDIES));
      };
      let socket: WebSocket;
      try {
        socket = new WebSocket(url);
      } catch (err) {
        return fail(`Could not connect to the local runner at ${where}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const timer = setTimeout(() => {
        fail(`The local runner at ${where} did not answer within ${this.connectTimeoutMs / 1000} s.`);
        socket.close();
      }, this.connectTimeoutMs);
      socket.addEventListener('open', () => {
        if (settled) return socket.close();
        settled = true;
        clearTimeout(timer);
        this.attach(socket);
        resolve();
      });
      // A refused handshake (wrong token, foreign origin) and a closed port look the same from here.
      socket.addEventListener('close', () => fail(`The local runner at ${where} refused the connection or is not running.`));
    });
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let msg: RunnerMessage;
      try {
        msg = JSON.parse(event.data) as RunnerMessage;
      } catch {
        return;
      }
      if ('ev' in msg) {
        if (msg.ev === 'output') this.proc(msg.proc).output.push(msg.data);
        else if (msg.ev === 'listen') {
          const proc = this.proc(msg.proc);
          proc.ports.push(msg.port);
          for (const listener of proc.listen) listener(msg.port);
        } else if (msg.ev === 'exit') {
          this.proc(msg.proc).resolveExit(msg.code);
          this.procs.delete(msg.proc);
        } else if (msg.ev === 'setup') this.setups.get(msg.request)?.(msg.data);
        return;
      }
      if (msg.re === null) return; // a refusal of something this page did not send as a request
      this.calls.deliver(msg.re, msg);
    });
    socket.addEventListener('close', () => this.drop(WENT_AWAY));
  }

  /** The connection is over: fail what is waiting, and let every process's exit resolve. */
  private drop(reason: string): void {
    if (this.gone) return;
    this.gone = reason;
    this.socket = null;
    this.calls.close(reason);
    for (const [id, proc] of this.procs) {
      this.procs.delete(id);
      proc.resolveExit(1);
    }
  }

  private proc(id: number): Proc {
    let proc = this.procs.get(id);
    if (!proc) {
      let resolveExit!: (code: number) => void;
      const exit = new Promise<number>((r) => (resolveExit = r));
      proc = { output: createProcessOutput(), exit, resolveExit, ports: [], listen: [] };
      this.procs.set(id, proc);
    }
    return proc;
  }

  private async call(request: Call, onSetup?: (line: string) => void): Promise<Reply> {
    if (!this.socket && !this.gone) await this.boot();
    const socket = this.socket;
    if (this.gone || !socket) throw new Error(this.gone ?? WENT_AWAY);
    // Checked before an id is taken, so a refused message leaves nothing waiting.
    const limit = this.info.limits?.maxMessageBytes;
    if (limit !== undefined) {
      const bytes = new TextEncoder().encode(JSON.stringify({ id: 0, ...request })).length;
      if (bytes > limit) throw new Error(`too large for the local runner: ${formatBytes(bytes)} in one message, the limit is ${formatBytes(limit)}`);
    }
    let asked: number | undefined;
    const answer = await this.calls
      .request((id) => {
        asked = id;
        if (onSetup) this.setups.set(id, onSetup);
        socket.send(JSON.stringify({ id, ...request }));
      })
      .finally(() => asked !== undefined && this.setups.delete(asked));
    if (!answer.ok) throw new Error(answer.error);
    return answer;
  }

  async mount(dir: string, files: FileTree): Promise<void> {
    await this.call({ op: 'mount', dir, files });
  }

  async writeFile(dir: string, path: string, contents: string): Promise<void> {
    await this.call({ op: 'write', dir, path, contents });
  }

  async spawn(dir: string, args: string[], options: SpawnOptions = {}): Promise<RuntimeProcess> {
    const reply = await this.call({ op: 'spawn', dir, args, env: options.env ?? {} }, options.onSetup);
    const id = reply.proc;
    if (typeof id !== 'number') throw new Error('the local runner did not say which process it started');
    const proc = this.proc(id);
    return {
      onOutput: proc.output.listen,
      exit: proc.exit,
      write: (data) => {
        // Fire and forget, like a pipe: writing to a process that just exited is not worth an error.
        this.call({ op: 'stdin', proc: id, data }).catch(() => {});
      },
      onListen: (listener) => {
        proc.listen.push(listener);
        for (const port of proc.ports) listener(port);
      },
      kill: async (signal: KillSignal = 'SIGTERM') => {
        try {
          await this.call({ op: 'kill', proc: id, signal });
        } catch (err) {
          if (!this.gone) throw err;
        }
        await proc.exit;
      },
    };
  }

  async allocatePort(): Promise<number> {
    const reply = await this.call({ op: 'port' });
    if (typeof reply.port !== 'number') throw new Error('the local runner did not give a port');
    return reply.port;
  }

  /** Close the connection; the runner kills this page's processes and removes their folders. */
  async dispose(): Promise<void> {
    const socket = this.socket;
    this.drop(DISPOSED);
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => {
      socket.addEventListener('close', () => resolve());
      setTimeout(resolve, 1000);
    });
    socket.close();
    await closed;
  }
}
