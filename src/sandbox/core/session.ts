// One sandbox's life: mount the example, start its server and the request agent, watch the
// output for lifecycle markers, send requests, stop and restart. Framework-free: the UI only
// reads its state and events, and the example tests drive exactly this class under real Node.
import { commandText, isPythonCommand } from './example.ts';
import { RuntimeUnavailableError, type FileTree, type KillSignal, type ProcessSignal, type Runtime, type RuntimeProcess } from './runtime.ts';
import { AgentClient, type RequestResult, type RequestSpec } from './agent-client.ts';
import type { LabEvent } from './events.ts';
import { OutputBuffer } from './output-buffer.ts';
import { EventHistory } from './event-history.ts';
import { STAGE_TEXT } from './boot-progress.ts';
import { gracefulStop } from './graceful-stop.ts';
import { waitUntilListening } from './listening.ts';
import { ServerWatch } from './server-watch.ts';

export type SessionStatus = 'idle' | 'booting' | 'starting' | 'running' | 'stopped' | 'crashed' | 'unavailable';

export interface SessionOptions {
  /** Folder name inside the runtime; one per sandbox on a page. */
  dir: string;
  /** Arguments to node, e.g. ["server.js"]. */
  command: string[];
  /** The agent's source (src/sandbox/agent/agent.cjs), mounted beside the example. */
  agentSource: string;
  /** How long a server may take to accept connections before the reader is told (ms). */
  listenTimeoutMs?: number;
  /** Characters of output kept; older output is dropped with a visible note. */
  outputLimit?: number;
  /** Events kept for the timeline; older ones are dropped. */
  eventLimit?: number;
  now?: () => number;
}

export type SessionListener = {
  status?: (status: SessionStatus, detail: string) => void;
  output?: (chunk: string) => void;
  event?: (event: LabEvent) => void;
};

export const AGENT_PATH = '.lab/agent.cjs';

/** What a request, burst or kill answers when the example is not running. */
export const NOT_RUNNING = 'not running: press Run first';
/** The status while the local runner builds the Python environment (once per machine; the output says more). */
export const PREPARING = 'pip install (first Python Run only)';

/** The runtime, or how to get it: a sandbox exists before anyone presses Run, and boots on the first start(). */
export type RuntimeSource = Runtime | (() => Promise<Runtime>);

export class Session {
  status: SessionStatus = 'idle';
  detail = '';
  /** The port requests go to: the one given as PORT, or the one the server really listens on. */
  port = 0;
  /** The port this sandbox gives its server as PORT (allocated once). */
  private assignedPort = 0;
  /** The running server's watch: its own PID, from its first [lab] start marker, is where a graceful stop sends SIGTERM. */
  private watch: ServerWatch | null = null;
  readonly output: OutputBuffer;
  readonly events: EventHistory<LabEvent>;
  private server: RuntimeProcess | null = null;
  private agentProcess: RuntimeProcess | null = null;
  private agent: AgentClient | null = null;
  private agentStarting: Promise<void> | null = null;
  private mounted = false;
  private stopping = false;
  private restarting = false;
  private generation = 0;
  private readonly listeners = new Set<SessionListener>();
  private readonly now: () => number;

  private runtime: Runtime | null;
  private readonly runtimeSource: () => Promise<Runtime>;
  readonly options: SessionOptions;
  private files: FileTree;

  constructor(runtime: RuntimeSource, files: FileTree, options: SessionOptions) {
    this.runtime = typeof runtime === 'function' ? null : runtime;
    this.runtimeSource = typeof runtime === 'function' ? runtime : async () => runtime;
    this.files = files;
    this.options = options;
    this.output = new OutputBuffer(options.outputLimit ?? 200_000);
    this.events = new EventHistory(options.eventLimit ?? 5000);
    this.now = options.now ?? Date.now;
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(status: SessionStatus, detail = ''): void {
    this.status = status;
    this.detail = detail;
    for (const l of this.listeners) l.status?.(status, detail);
  }

  private emit(event: LabEvent): void {
    this.events.push(event);
    for (const l of this.listeners) l.event?.(event);
  }

  private print(chunk: string): void {
    this.output.append(chunk);
    for (const l of this.listeners) l.output?.(chunk);
  }

  /** Note from the sandbox itself (not the example) in the output. */
  private note(text: string): void {
    this.print(`\x1b[2m› ${text}\x1b[22m\n`);
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Replace one file (the reader typed). Written to the runtime when it has been mounted. */
  async writeFile(path: string, contents: string): Promise<void> {
    this.files = { ...this.files, [path]: contents };
    if (this.mounted && this.runtime) await this.runtime.writeFile(this.options.dir, path, contents);
  }

  /** Replace every file (Reset, or a share link). */
  async replaceFiles(files: FileTree): Promise<void> {
    this.files = { ...files };
    if (this.mounted) await this.mount();
  }

  private async mount(): Promise<void> {
    if (!this.runtime) return;
    await this.runtime.mount(this.options.dir, { ...this.files, [AGENT_PATH]: this.options.agentSource });
    this.mounted = true;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const generation = ++this.generation;
    this.stopping = false;
    try {
      this.setStatus('booting');
      const runtime = (this.runtime ??= await this.runtimeSource());
      await runtime.boot();
      this.setStatus('starting', STAGE_TEXT.mounting);
      await this.mount();
      if (!this.assignedPort) this.assignedPort = await runtime.allocatePort();
      this.port = this.assignedPort;
      this.setStatus('starting', isPythonCommand(this.options.command) ? `starting ${this.options.command[0]}` : STAGE_TEXT.node);
      this.emit({ type: 'session', t: this.now(), action: 'run' });
      this.note(`${commandText(this.options.command)}   (PORT=${this.port})`);
      const server = await runtime.spawn(this.options.dir, this.options.command, {
        env: { PORT: String(this.port) },
        // The local runner's first Python Run on a machine waits for the environment's build: say what it waits for.
        onSetup: (line) => {
          if (generation !== this.generation) return;
          if (this.detail !== PREPARING) this.setStatus('starting', PREPARING);
          this.note(line);
        },
      });
      this.server = server;
      const watch = new ServerWatch(server, this.port, {
        now: () => this.now(),
        current: () => this.server === server,
        output: (chunk) => this.print(chunk),
        event: (event) => this.emit(event),
        moved: (change) => {
          this.port = change.port;
          this.note(`the server listens on port ${change.port}, not on PORT=${change.asked}: requests go to ${change.port}`);
        },
        exit: (code) => this.onServerExit(server, code),
      });
      this.watch = watch;
      await this.waitUntilListening(server, generation, watch.listening);
    } catch (err) {
      if (generation !== this.generation) return;
      const message = err instanceof Error ? err.message : String(err);
      // A runtime that cannot run this at all (WebContainer and a Python command) is unavailable, not crashed.
      if (this.status === 'booting' || err instanceof RuntimeUnavailableError) this.setStatus('unavailable', message);
      else {
        this.note(`could not start: ${message}`);
        this.setStatus('crashed', message);
      }
      throw err;
    }
  }

  /** Start the request agent unless it runs or is starting. */
  private ensureAgent(runtime: Runtime): Promise<void> {
    if (this.agent) return Promise.resolve();
    this.agentStarting ??= this.startAgent(runtime).finally(() => (this.agentStarting = null));
    return this.agentStarting;
  }

  private async startAgent(runtime: Runtime): Promise<void> {
    const proc = await runtime.spawn(this.options.dir, [AGENT_PATH]);
    this.agentProcess = proc;
    this.agent = new AgentClient(proc);
    void proc.exit.then(() => {
      if (this.agentProcess === proc) {
        this.agentProcess = null;
        this.agent = null;
      }
    });
  }

  private async waitUntilListening(server: RuntimeProcess, generation: number, marker: Promise<void>): Promise<void> {
    const timeout = this.options.listenTimeoutMs ?? 10_000;
    const active = () => this.server === server && generation === this.generation;
    let warned = false;
    const listening = await waitUntilListening({
      marker,
      active,
      probe: async () => {
        const agent = await this.liveAgent();
        return (await agent?.probe(this.port)) ?? false;
      },
      onWaiting: (waitedMs) => {
        if (warned || waitedMs < timeout) return;
        warned = true;
        const detail = `nothing is listening on port ${this.port} yet. Does the server call listen(process.env.PORT)?`;
        this.note(detail);
        this.setStatus('starting', detail);
      },
    });
    if (!listening) return;
    this.setStatus('running', `listening on port ${this.port}`);
    // The request agent starts once the server listens (if no probe started it): listening is known
    // from the server's own marker, so the agent is off the path from Run to listening and does not
    // compete with the server's start for the CPU.
    void this.liveAgent().catch(() => {}); // a failed agent start shows on the first request
  }

  private onServerExit(server: RuntimeProcess, code: number): void {
    if (this.server !== server) return;
    this.server = null;
    this.emit({ type: 'exit', t: this.now(), pid: null, code, signal: null });
    if (this.stopping) {
      this.note('stopped');
      if (!this.restarting) this.setStatus('stopped', '');
    } else if (code === 0) {
      this.note('the server exited with code 0');
      this.setStatus('stopped', 'exited with code 0');
    } else {
      this.note(`the server crashed: exit code ${code}`);
      this.setStatus('crashed', `exit code ${code}`);
    }
  }

  /** Stop the server and the request agent: nothing of this sandbox keeps running. */
  async stop(signal: KillSignal = 'SIGTERM'): Promise<void> {
    this.generation++;
    const server = this.server;
    if (server) {
      this.stopping = true;
      this.emit({ type: 'session', t: this.now(), action: 'stop' });
      const runtime = this.runtime;
      await gracefulStop({ process: server, signal, killIsHard: runtime?.killIsHard === true, pid: this.watch?.pid ?? null, agent: this.agent });
    }
    await this.agentStarting?.catch(() => {}); // an agent still starting is stopped too, not left behind
    const agent = this.agentProcess;
    this.agent?.close(NOT_RUNNING);
    this.agent = null;
    this.agentProcess = null;
    if (agent) await agent.kill('SIGKILL');
  }

  async restart(): Promise<void> {
    this.emit({ type: 'session', t: this.now(), action: 'restart' });
    // Say so at once (the reader pressed a button), and do not flash "stopped" on the way.
    this.restarting = true;
    this.setStatus('starting', 'restarting');
    try {
      await this.stop();
    } finally {
      this.restarting = false;
    }
    await this.start();
  }

  private recordRequest(spec: RequestSpec, result: RequestResult): RequestResult {
    this.emit({
      type: 'request',
      t: result.start ?? this.now(),
      pid: result.pid ?? null,
      ms: result.ms ?? 0,
      status: result.status ?? null,
      error: result.ok ? undefined : result.error,
      path: spec.path,
    });
    return result;
  }

  /** The agent, started again if it died while the server runs (the runner caps its lifetime and output). */
  private async liveAgent(): Promise<AgentClient | null> {
    if (!this.server || !this.runtime) return null;
    await this.ensureAgent(this.runtime);
    return this.agent;
  }

  async request(spec: RequestSpec): Promise<RequestResult> {
    const agent = await this.liveAgent();
    if (!agent) return { ok: false, error: NOT_RUNNING };
    return this.recordRequest(spec, await agent.request(this.port, spec));
  }

  async burst(spec: RequestSpec, count: number, concurrency: number, onResult?: (r: RequestResult) => void): Promise<RequestResult[]> {
    const agent = await this.liveAgent();
    if (!agent) return [{ ok: false, error: NOT_RUNNING }];
    return agent.burst(this.port, spec, count, concurrency, (r) => {
      this.recordRequest(spec, r);
      onResult?.(r);
    });
  }

  /** Send a signal to one process of the example (fault injection), through the agent. */
  async kill(pid: number, signal: ProcessSignal): Promise<RequestResult> {
    const agent = await this.liveAgent();
    if (!agent) return { ok: false, error: NOT_RUNNING };
    return agent.kill(pid, signal);
  }

  /** Stop everything this session started. The runtime itself stays (other sandboxes share it). */
  async dispose(): Promise<void> {
    await this.stop();
  }
}
