// The page's side of the request agent (src/sandbox/agent/agent.cjs): it writes JSON lines to
// the agent's stdin and matches the answers by id. Same code on every runtime.
import type { KillSignal, RuntimeProcess } from './runtime.ts';
import { Correlator } from './correlator.ts';
import { LineSplitter } from './events.ts';

export interface RequestSpec {
  method: string;
  path: string;
  body?: string | null;
  timeoutMs?: number;
  /** Reuse an idle connection from an earlier keep-alive request, as browsers and most HTTP clients
   * do. Off (the default), every request opens a connection of its own. */
  keepAlive?: boolean;
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
  /** The request went over a connection that an earlier request had used (keep-alive). */
  reused?: boolean;
  error?: string;
}

type AgentAnswer = RequestResult & { seq?: number; done?: boolean; listening?: boolean };

export class AgentClient {
  private readonly calls = new Correlator<AgentAnswer>();
  private readonly lines = new LineSplitter();
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
        if (typeof msg.id === 'number') this.calls.deliver(msg.id, msg as unknown as AgentAnswer);
      }),
    );
    void process.exit.then(() => this.close('the request agent stopped'));
  }

  /** Fail every pending call: the agent is gone. */
  close(reason: string): void {
    this.calls.close(reason);
  }

  private send(id: number, op: string, fields: object): void {
    this.process.write(`${JSON.stringify({ id, op, ...fields })}\n`);
  }

  /** One call, one answer; a closed agent answers with its reason as the error. */
  private once(op: string, fields: object): Promise<AgentAnswer> {
    return this.calls.request((id) => this.send(id, op, fields)).catch((err: Error) => ({ ok: false, error: err.message }));
  }

  request(port: number, spec: RequestSpec): Promise<RequestResult> {
    return this.once('request', { port, ...spec });
  }

  /** Send `count` requests, at most `concurrency` at a time; `onResult` sees each as it lands. */
  burst(port: number, spec: RequestSpec, count: number, concurrency: number, onResult: (r: RequestResult) => void): Promise<RequestResult[]> {
    const results: RequestResult[] = [];
    const land = (r: RequestResult) => {
      results.push(r);
      onResult(r);
    };
    return new Promise((resolve) => {
      const id = this.calls.open({
        reply: (answer) => {
          if (!answer.done) {
            const { seq: _seq, ...rest } = answer;
            return land(rest);
          }
          this.calls.finish(id);
          if (answer.error) land(answer);
          resolve(results);
        },
        fail: (reason) => {
          land({ ok: false, error: reason });
          resolve(results);
        },
      });
      if (!this.calls.closed) this.send(id, 'burst', { port, ...spec, count, concurrency });
    });
  }

  async probe(port: number): Promise<boolean> {
    const answer = await this.once('probe', { port });
    return answer.ok === true && answer.listening === true;
  }

  kill(pid: number, signal: KillSignal): Promise<RequestResult> {
    return this.once('kill', { pid, signal });
  }
}
