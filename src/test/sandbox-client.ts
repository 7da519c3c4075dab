// For tests whose client must be a socket of its own that the request agent cannot be (a half-sent
// request, a stream the test ends itself; keep-alive requests are the agent's: session.request({
// keepAlive: true })): the client runs inside the example's OS sandbox, as a second node process
// beside the server, because the sandbox's loopback is its own and this process cannot reach it.
// The example then runs confined, as the local runner runs it for readers. Closing the example
// closes its client first (the client's connections would otherwise hold up the server's stop).
import { readFileSync } from 'node:fs';
import type { RunningExample } from '../examples/run.ts';
import { Correlator } from '../sandbox/core/correlator.ts';
import { LineSplitter } from '../sandbox/core/events.ts';

const SOURCE = readFileSync(new URL('./sandbox-client.cjs', import.meta.url), 'utf8');
const FILE = '.lab/test-client.cjs';

type Event = { id: number; event: string } & Record<string, unknown>;

/** A connection the test holds open: `closed` resolves with Date.now() when it ends, from either side. */
export interface Held {
  closed: Promise<number>;
  destroy(): Promise<void>;
}

export interface SandboxClient {
  /** A GET whose response stays open (a stream); resolves once its headers arrived. */
  open(path: string): Promise<Held & { status: number }>;
  /** A TCP connection that sends `text` and waits; resolves once it is connected and has written. */
  raw(text: string): Promise<Held>;
  /** Kill the client (the example's close() does it too, first). Once: later calls do nothing more. */
  close(): Promise<void>;
}

export async function sandboxClient(ex: RunningExample): Promise<SandboxClient> {
  const dir = ex.example.id;
  await ex.runtime.writeFile(dir, FILE, SOURCE);
  const proc = await ex.runtime.spawn(dir, [FILE], { env: { PORT: String(ex.session.port) } });
  const calls = new Correlator<Event>();
  const lines = new LineSplitter();
  let log = ''; // node's own errors, kept for the failure message
  proc.onOutput((chunk) =>
    lines.push(chunk, (line) => {
      if (!line.startsWith('{')) return void (log += `${line}\n`);
      const event = JSON.parse(line) as Event;
      calls.deliver(event.id, event);
    }),
  );
  const exited = proc.exit.then((code) => {
    calls.close(`the test client exited (code ${code})\n${log}`);
    return code;
  });

  /** Send one command; each named event of its reply is a promise, waiting before the command goes out. */
  const command = <N extends string>(fields: Record<string, unknown>, ...names: N[]) => {
    const settle = new Map<string, { resolve(e: Event): void; reject(err: Error): void }>();
    const events = Object.fromEntries(names.map((name) => [name, new Promise<Event>((resolve, reject) => settle.set(name, { resolve, reject }))])) as Record<
      N,
      Promise<Event>
    >;
    for (const promise of Object.values<Promise<Event>>(events)) promise.catch(() => {}); // a test may not ask for every one
    const id = calls.open({
      reply: (event) => settle.get(event.event)?.resolve(event),
      fail: (reason) => {
        for (const { reject } of settle.values()) reject(new Error(reason));
      },
    });
    proc.write(`${JSON.stringify({ ...fields, id })}\n`);
    return { id, events };
  };
  const held = (id: number, closed: Promise<Event>): Held => ({
    closed: closed.then((e) => e.at as number),
    destroy: async () => void (await command({ op: 'destroy', target: id }, 'destroyed').events.destroyed),
  });

  let closing: Promise<void> | undefined;
  const client: SandboxClient = {
    async open(path) {
      const { id, events } = command({ op: 'open', path }, 'headers', 'closed');
      const headers = await events.headers;
      return { ...held(id, events.closed), status: headers.status as number };
    },
    async raw(text) {
      const { id, events } = command({ op: 'raw', text }, 'connected', 'closed');
      await events.connected;
      return held(id, events.closed);
    },
    close: () =>
      (closing ??= (async () => {
        await proc.kill('SIGKILL');
        await exited;
      })()),
  };
  ex.beforeClose(() => client.close());
  return client;
}
