// One page's connection to the local runner: its own MachineRuntime (temp folder, node only, tree
// kill), the requests it sends, and the output and exits pushed back. When the socket closes,
// everything it started is killed and its folder removed.
import type { RawData, WebSocket } from 'ws';
import { MachineRuntime, type MachineProcess } from './machine-runtime.ts';
import { RefusedError } from './paths.ts';
import { ProtocolError, formatBytes, parseRequest, peekId, type RunnerLimits, type RunnerMessage, type RunnerRequest } from '../sandbox/core/protocol.ts';

type Result = { node?: string; proc?: number; pid?: number; port?: number };

/** Characters of one setup line sent to a page. */
const MAX_SETUP_LINE = 400;

interface Running {
  process: MachineProcess;
  printed: number;
  capped: boolean;
  lifetime: ReturnType<typeof setTimeout>;
}

/** A line from the runner itself in a process's output, styled like the sandbox's own notes. */
function note(text: string): string {
  return `\n\x1b[2m› ${text}\x1b[22m\n`;
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${+(ms / 60_000).toFixed(1)} min` : `${+(ms / 1000).toFixed(1)} s`;
}

function rawText(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export class RunnerConnection {
  readonly runtime: MachineRuntime;
  private readonly running = new Map<number, Running>();
  private nextProc = 1;
  private starting = 0;
  private closing: Promise<void> | null = null;
  private readonly socket: WebSocket;
  private readonly limits: RunnerLimits;

  constructor(socket: WebSocket, limits: RunnerLimits, options: { sandbox?: boolean } = {}) {
    this.socket = socket;
    this.limits = limits;
    // A cap (processes, disk) stopped everything: say so in every running process's output.
    const onCap = (message: string) => {
      for (const proc of this.running.keys()) this.send({ ev: 'output', proc, data: note(message) });
    };
    this.runtime = new MachineRuntime({ sandbox: options.sandbox, onCap });
    // A page opens its socket on intent (a pointer or focus on Run): the sandbox starts meanwhile.
    void this.runtime.boot();
    socket.on('message', (data, isBinary) => void this.receive(data, isBinary));
    socket.on('close', () => void this.close());
    socket.on('error', () => socket.terminate());
  }

  /** PIDs of the processes this page started (not their children). */
  get pids(): number[] {
    return [...this.running.values()].map((r) => r.process.pid);
  }

  private send(message: RunnerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private async receive(data: RawData, isBinary: boolean): Promise<void> {
    const bytes = rawText(data);
    if (isBinary) return this.send({ re: null, ok: false, error: 'binary messages are not understood: send JSON text' });
    const text = bytes.toString('utf8');
    if (bytes.length > this.limits.maxMessageBytes) {
      const error = `message too large: ${formatBytes(bytes.length)}, the local runner accepts at most ${formatBytes(this.limits.maxMessageBytes)}`;
      return this.send({ re: peekId(text), ok: false, error });
    }
    let request: RunnerRequest;
    try {
      request = parseRequest(text);
    } catch (err) {
      const re = err instanceof ProtocolError ? err.re : null;
      return this.send({ re, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
    try {
      const [result, then] = await this.handle(request);
      this.send({ re: request.id, ok: true, ...result });
      then?.();
    } catch (err) {
      // Refusals and protocol errors carry a reason meant for the reader; anything else is a fault here.
      const known = err instanceof RefusedError || err instanceof ProtocolError;
      const error = known ? (err as Error).message : `the local runner failed: ${err instanceof Error ? err.message : String(err)}`;
      this.send({ re: request.id, ok: false, error });
    }
  }

  /** Carry out one request. The optional callback runs right after the answer is sent. */
  private async handle(request: RunnerRequest): Promise<[Result, (() => void)?]> {
    if (this.closing) throw new RefusedError('this connection is closing');
    switch (request.op) {
      case 'port':
        return [{ port: await this.runtime.allocatePort() }];
      case 'mount':
        await this.runtime.mount(request.dir, request.files);
        return [{}];
      case 'write':
        await this.runtime.writeFile(request.dir, request.path, request.contents);
        return [{}];
      case 'stdin': {
        const running = this.running.get(request.proc);
        if (!running) throw new RefusedError(`process ${request.proc} is not running`);
        running.process.write(request.data);
        return [{}];
      }
      case 'kill': {
        const running = this.running.get(request.proc);
        if (running) await running.process.kill(request.signal);
        else if (request.proc >= this.nextProc) throw new RefusedError(`there is no process ${request.proc}`);
        return [{}]; // an earlier process that has already exited: nothing left to kill
      }
      case 'spawn':
        return this.spawn(request);
    }
  }

  private async spawn(request: Extract<RunnerRequest, { op: 'spawn' }>): Promise<[Result, () => void]> {
    const count = this.running.size + this.starting;
    if (count >= this.limits.maxProcesses)
      throw new RefusedError(
        `too many processes: this page already runs ${count}, the local runner's limit is ${this.limits.maxProcesses}. Stop a sandbox first.`,
      );
    // Several spawn requests can arrive in one read: count this one before yielding.
    this.starting++;
    let child: MachineProcess;
    try {
      child = await this.runtime.spawn(request.dir, request.args, {
        env: request.env,
        // pip's lines can be long: one line of a page's output is enough for each.
        onSetup: (line) => this.send({ ev: 'setup', request: request.id, data: line.slice(0, MAX_SETUP_LINE) }),
      });
    } finally {
      this.starting--;
    }
    const proc = this.nextProc++;
    const lifetime = setTimeout(() => {
      this.send({ ev: 'output', proc, data: note(`stopped by the local runner: a process may run for at most ${duration(this.limits.maxLifetimeMs)}`) });
      void child.kill('SIGKILL');
    }, this.limits.maxLifetimeMs);
    lifetime.unref();
    const running: Running = { process: child, printed: 0, capped: false, lifetime };
    this.running.set(proc, running);
    // Output and exit are attached after the spawn answer is sent, so the page knows `proc` first.
    const attach = () => {
      child.onOutput((data) => this.output(proc, running, data));
      child.onListen?.((port) => this.send({ ev: 'listen', proc, port }));
      void child.exit.then((code) => {
        clearTimeout(lifetime);
        this.running.delete(proc);
        this.send({ ev: 'exit', proc, code });
      });
    };
    return [{ proc, pid: child.pid }, attach];
  }

  private output(proc: number, running: Running, data: string): void {
    if (running.capped) return;
    // A page that stops reading (a slow or frozen tab) must not make the runner hold output without bound.
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      running.capped = true;
      this.send({
        ev: 'output',
        proc,
        data: note(
          `the page is not reading the output (more than ${formatBytes(this.limits.maxBufferedBytes)} waiting), so the local runner stopped this process`,
        ),
      });
      void running.process.kill('SIGKILL');
      return;
    }
    running.printed += Buffer.byteLength(data);
    if (running.printed > this.limits.maxOutputBytes) {
      running.capped = true;
      this.send({
        ev: 'output',
        proc,
        data: note(`output limit reached: the process printed more than ${formatBytes(this.limits.maxOutputBytes)}, so the local runner stopped it`),
      });
      void running.process.kill('SIGKILL');
      return;
    }
    this.send({ ev: 'output', proc, data });
  }

  /** Kill every process of this page and remove its temp folder. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const running of this.running.values()) clearTimeout(running.lifetime);
      if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.terminate();
      await this.runtime.dispose();
    })();
    return this.closing;
  }
}
