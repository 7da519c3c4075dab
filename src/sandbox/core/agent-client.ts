// The page's side of the request agent (src/sandbox/agent/agent.cjs): it writes JSON lines to
// the agent's stdin and matches the answers by id. Same code on every runtime.
import type { RuntimeProcess } from './runtime.ts';
import { LineSplitter } from './events.ts';

export interface RequestSpec {
  method: string;
  path: string;
  body?: string | null;
  timeoutMs?: number;
}

export interface RequestResult {
  ok: boolean;
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string;
  /** The PID from the server's x-pid header, or null when the server does not send one. */
  pid?: number | null;
  /** Epoch ms when the agent sent the request, and how long it took. */
  start?: number;
  ms?: number;
  error?: string;
}

type Pending = { onResult: (result: RequestResult & { seq?: number; done?: boolean; listening?: boolean }) => void };

export class AgentClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly lines = new LineSplitter();
  private closed: string | null = null;

  private readonly process: RuntimeProcess;

  constructor(process: RuntimeProcess) {
    this.process = process;
    process.onOutput((chunk) =>
      this.lines.push(chunk, (line) => {
        let msg: { id?: number } & Record<string, unknown>;
        try {
          msg = JSON.parse(line);
        } catch {
          return; // not ours (a warning printed by node, say)
        }
        // A WebContainer process runs on a pseudo-terminal, which echoes our own requests back: skip them.
        if ('op' in msg) return;
        if (typeof msg.id === 'number') this.pending.get(msg.id)?.onResult(msg as never);
      }),
    );
    void process.exit.then(() => this.close('the request agent stopped'));
  }

  /** Fail every pending call: the agent is gone. */
  close(reason: string): void {
    this.closed = reason;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.onResult({ ok: false, error: reason, done: true });
    }
  }

  private call(op: string, fields: object, onResult: Pending['onResult']): number {
    const id = this.nextId++;
    if (this.closed) {
      onResult({ ok: false, error: this.closed, done: true });
      return id;
    }
    this.pending.set(id, { onResult });
    this.process.write(JSON.stringify({ id, op, ...fields }) + '\n');
    return id;
  }

  request(port: number, spec: RequestSpec): Promise<RequestResult> {
    return new Promise((resolve) => {
      const id = this.call('request', { port, ...spec }, (result) => {
        this.pending.delete(id);
        resolve(result);
      });
    });
  }

  /** Send `count` requests, at most `concurrency` at a time; `onResult` sees each as it lands. */
  burst(port: number, spec: RequestSpec, count: number, concurrency: number, onResult: (r: RequestResult) => void): Promise<RequestResult[]> {
    const results: RequestResult[] = [];
    return new Promise((resolve) => {
      const id = this.call('burst', { port, ...spec, count, concurrency }, (result) => {
        if (result.done) {
          this.pending.delete(id);
          if (result.error) {
            results.push(result);
            onResult(result);
          }
          resolve(results);
          return;
        }
        const { seq: _seq, ...rest } = result;
        results.push(rest);
        onResult(rest);
      });
    });
  }

  probe(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const id = this.call('probe', { port }, (result) => {
        this.pending.delete(id);
        resolve(result.ok === true && result.listening === true);
      });
    });
  }

  kill(pid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<RequestResult> {
    return new Promise((resolve) => {
      const id = this.call('kill', { pid, signal }, (result) => {
        this.pending.delete(id);
        resolve(result);
      });
    });
  }
}
