// The Runtime interface over real node processes on this machine. The local runner's WebSocket
// server executes the page's calls with it, and Node-side tests and the transcript recorder use it
// directly, so "what the page does" and "what the tests check" run the same code.
import { createServer } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { FileTree, KillSignal, Runtime, RuntimeProcess, SpawnOptions } from '../sandbox/core/runtime.ts';
import { ProcessManager, type ProcessOptions } from './processes.ts';
import { createProcessOutput } from '../sandbox/core/process-output.ts';
import { watchListening } from './listening-ports.ts';

/** A free loopback port. Asking the OS for port 0 and closing it hands several processes that ask at
 * once the same port, so pick a random one from a wide range and check that it can be bound. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if (await canBind(port)) return port;
  }
  throw new Error('no free port found on 127.0.0.1');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A process of this machine: the Runtime's process plus its real PID (the runner and tests use it). */
export interface MachineProcess extends RuntimeProcess {
  readonly pid: number;
}

export class MachineRuntime implements Runtime {
  readonly kind = 'local' as const;
  readonly processes: ProcessManager;

  constructor(options: ProcessOptions = {}) {
    this.processes = new ProcessManager(options);
  }

  get sandboxed(): boolean {
    return this.processes.sandboxed;
  }

  /** The OS sandbox starts now (a second or two on a busy machine), not on the first mount. */
  async boot(): Promise<void> {
    this.processes.launcher.warm();
  }

  mount(dir: string, files: FileTree): Promise<void> {
    return this.processes.mount(dir, files);
  }

  writeFile(dir: string, path: string, contents: string): Promise<void> {
    return this.processes.writeFile(dir, path, contents);
  }

  async spawn(dir: string, args: string[], options: SpawnOptions = {}): Promise<MachineProcess> {
    const managed = await this.processes.spawn(dir, args, options.env, options.onSetup);
    const output = createProcessOutput();
    // One decoder per stream, so a character split across two chunks is not garbled.
    const decode = (stream: Readable) => {
      const decoder = new StringDecoder('utf8');
      const push = (text: string) => text && output.push(text);
      stream.on('data', (data: Buffer) => push(decoder.write(data)));
      stream.on('end', () => push(decoder.end()));
    };
    decode(managed.stdout);
    decode(managed.stderr);
    managed.stdin.on('error', () => {}); // writing to a process that just died is not an error worth a crash
    // The ports the tree listens on, watched from the first listener on.
    const listeners: Array<(port: number) => void> = [];
    const launcher = this.processes.launcher;
    return {
      pid: managed.pid,
      onOutput: output.listen,
      exit: managed.exit,
      write(data) {
        if (managed.stdin.writable) managed.stdin.write(data);
      },
      kill: (signal?: KillSignal) => managed.kill(signal),
      onListen(listener) {
        if (listeners.push(listener) > 1) return;
        // Inside the OS sandbox the example's PID is the sandbox's own: /proc here needs this machine's.
        const host = launcher.hostPidOf(managed.pid);
        if (host === undefined) return;
        watchListening(host, managed.exit, (port) => {
          for (const l of listeners) l(port);
        });
      },
    };
  }

  allocatePort(): Promise<number> {
    return freePort();
  }

  async dispose(): Promise<void> {
    await this.processes.dispose();
  }
}
