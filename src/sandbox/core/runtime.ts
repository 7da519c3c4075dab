// The one interface the sandbox UI and session code talk to. Two implementations exist:
// WebContainer (in the reader's browser) and Local (real node processes on the machine
// that serves the site, reached over a WebSocket). Nothing above this file knows which.

export type RuntimeKind = 'webcontainer' | 'local';

/** Files of one example: relative POSIX path -> UTF-8 contents. */
export type FileTree = Record<string, string>;

export type KillSignal = 'SIGTERM' | 'SIGKILL';

/** Signals a reader may send to one process of an example through the request agent: the two above, and
 * what a gunicorn master understands (HUP reloads the workers, TTIN/TTOU add or remove one, INT/QUIT stop it fast). */
export const PROCESS_SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTTIN', 'SIGTTOU'] as const;
export type ProcessSignal = (typeof PROCESS_SIGNALS)[number];

export interface SpawnOptions {
  /** Extra environment variables (PORT, for example). */
  env?: Record<string, string>;
  /** Told each line about getting ready to run, before the process exists: on the local runner, the
   * Python environment's first build on that machine (a minute or two, once). */
  onSetup?: (line: string) => void;
}

export interface RuntimeProcess {
  /** Called with each chunk of combined stdout/stderr, as text. Set before data arrives is not required: chunks are buffered until a listener is attached. */
  onOutput(listener: (chunk: string) => void): void;
  /** Resolves with the exit code once the process (and its tree) is gone. Signals map to 128+n where the runtime knows them, else 1. */
  readonly exit: Promise<number>;
  /** Write text to the process's stdin. */
  write(data: string): void;
  /** Kill the process and every process it started. Resolves once they are gone (or the runtime gave up). */
  kill(signal?: KillSignal): Promise<void>;
  /** Where the runtime can tell: called with each port this process (or one it started) begins to
   * listen on, whatever port it was asked to use (see src/sandbox/core/port-discovery.ts). */
  onListen?(listener: (port: number) => void): void;
}

export interface Runtime {
  readonly kind: RuntimeKind;
  /** kill() ends processes at once whatever the signal (WebContainer): a graceful stop must send
   * SIGTERM some other way first (the session asks the request agent to). */
  readonly killIsHard?: boolean;
  /** Local only: the runner confines examples in an OS sandbox (bubblewrap). Unset or false: the user's full rights. */
  readonly sandboxed?: boolean;
  /** Start the runtime (may be slow or fail; callers apply no timeout of their own, implementations do). Idempotent. */
  boot(): Promise<void>;
  /** Replace the folder `dir` (a single safe name, e.g. the sandbox id) with these files. */
  mount(dir: string, files: FileTree): Promise<void>;
  /** Write one file inside `dir`. */
  writeFile(dir: string, path: string, contents: string): Promise<void>;
  /** Run `node <args>` with `dir` as the working directory. Only node is ever spawned. */
  spawn(dir: string, args: string[], options?: SpawnOptions): Promise<RuntimeProcess>;
  /** Pick a port for a sandbox's server. Local: a free loopback port; WebContainer: a fresh one per sandbox. */
  allocatePort(): Promise<number>;
  /** Kill everything and release the runtime. */
  dispose(): Promise<void>;
}

/** Why a runtime could not start, in words a reader can act on. */
export class RuntimeUnavailableError extends Error {
  readonly causes: string[];
  readonly remedies: string[];
  /** Trying again may work (a boot that timed out or failed), as opposed to a page that rules the runtime out. */
  readonly retryable: boolean;

  constructor(message: string, causes: string[], remedies: string[], retryable = false) {
    super(message);
    this.causes = causes;
    this.remedies = remedies;
    this.retryable = retryable;
    this.name = 'RuntimeUnavailableError';
  }
}
