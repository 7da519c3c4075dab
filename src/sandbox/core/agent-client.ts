// The page's side of the request agent (src/sandbox/agent/agent.cjs): it writes JSON lines to
// the agent's stdin and matches the answers by id. Same code on every runtime.
import type { ProcessSignal, RuntimeProcess } from './runtime.ts';
import { Correlator } from './correlator.ts';
import { LineSplitter } from './events.ts';
import { stripAnsi } from './ansi.ts';

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

/** How long each kind of call waits for the agent before giving up (ms). */
export interface AgentTimeouts {
  /** A probe is a local connect(): an answer takes milliseconds. */
  probe: number;
  /** Added to a request's own timeout (the agent answers with an error when that runs out). */
  requestGrace: number;
  /** A kill is one process.kill() call. */
  kill: number;
}

export const AGENT_TIMEOUTS: AgentTimeouts = { probe: 3000, requestGrace: 5000, kill: 5000 };
const DEFAULT_REQUEST_MS = 10_000;

/**
 * One request line, safe to send through a terminal. A WebContainer process's stdin is a
 * pseudo-terminal: until the agent switches it to raw mode, the line discipline treats DEL (0x7f)
 * as "erase the previous character" (and a few other bytes as edits and signals). JSON.stringify
 * escapes every control character below 0x20 but not DEL, so escape it here: the line then holds
 * printable characters only, and the agent's JSON.parse reads the same text back.
 */
export function encodeLine(message: object): string {
  return `${JSON.stringify(message).replace(/\x7f/g, '\\u007f')}\n`;
}

export class AgentClient {
  private readonly calls = new Correlator<AgentAnswer>();
  private readonly lines = new LineSplitter();
  private readonly process: RuntimeProcess;
  private readonly timeouts: AgentTimeouts;

  constructor(process: RuntimeProcess, timeouts: Partial<AgentTimeouts> = {}) {
    this.process = process;
    this.timeouts = { ...AGENT_TIMEOUTS, ...timeouts };
    process.onOutput((chunk) =>
      this.lines.push(chunk, (raw) => {
        // A terminal may colour, clear (ESC c) or prefix a line; the answer is the JSON object in it.
        const line = stripAnsi(raw);
        const start = line.indexOf('{');
        let msg: { id?: number } & Record<string, unknown>;
        try {
          msg = JSON.parse(line.slice(start));
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
    this.process.write(encodeLine({ id, op, ...fields }));
  }

  /**
   * One call, one answer; a closed agent answers with its reason as the error, and a call with no
   * answer in `ms` (a line lost or garbled on its way) with `late`: nothing waits forever.
   */
  private once(op: string, fields: object, ms: number, late: string): Promise<AgentAnswer> {
    return this.calls.request((id) => this.send(id, op, fields), { ms, message: late }).catch((err: Error) => ({ ok: false, error: err.message }));
  }

  private requestWait(spec: RequestSpec): number {
    return (spec.timeoutMs ?? DEFAULT_REQUEST_MS) + this.timeouts.requestGrace;
  }

  request(port: number, spec: RequestSpec): Promise<RequestResult> {
    const ms = this.requestWait(spec);
    return this.once('request', { port, ...spec }, ms, `the request agent gave no answer within ${ms / 1000} s (its reply was lost); try again`);
  }

  /** Send `count` requests, at most `concurrency` at a time; `onResult` sees each as it lands. */
  burst(port: number, spec: RequestSpec, count: number, concurrency: number, onResult: (r: RequestResult) => void): Promise<RequestResult[]> {
    const results: RequestResult[] = [];
    const land = (r: RequestResult) => {
      results.push(r);
      onResult(r);
    };
    // A burst has no single answer to wait for: it is given up when the agent stays silent longer
    // than one request may take (every request ends with an answer, even a failed one).
    const silence = this.requestWait(spec);
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const end = () => {
        clearTimeout(timer);
        this.calls.finish(id);
        resolve(results);
      };
      const watch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          land({
            ok: false,
            error: `the request agent went silent for ${silence / 1000} s during the burst (a reply was lost); ${results.length} of ${count} answered`,
          });
          end();
        }, silence);
      };
      const id = this.calls.open({
        reply: (answer) => {
          if (!answer.done) {
            const { seq: _seq, ...rest } = answer;
            watch();
            return land(rest);
          }
          if (answer.error) land(answer);
          end();
        },
        fail: (reason) => {
          clearTimeout(timer);
          land({ ok: false, error: reason });
          resolve(results);
        },
      });
      if (this.calls.closed) return;
      watch();
      this.send(id, 'burst', { port, ...spec, count, concurrency });
    });
  }

  async probe(port: number): Promise<boolean> {
    const ms = this.timeouts.probe;
    const answer = await this.once('probe', { port }, ms, `the request agent did not answer a port check within ${ms / 1000} s`);
    return answer.ok === true && answer.listening === true;
  }

  kill(pid: number, signal: ProcessSignal): Promise<RequestResult> {
    const ms = this.timeouts.kill;
    return this.once('kill', { pid, signal }, ms, `the request agent did not confirm ${signal} to process ${pid} within ${ms / 1000} s`);
  }
}
