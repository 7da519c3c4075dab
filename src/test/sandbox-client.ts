// For tests whose client must be a real socket of its own (a keep-alive pool, a half-sent request,
// a stream the test ends): the client runs inside the example's OS sandbox, as a second node process
// beside the server, because the sandbox's loopback is its own and this process cannot reach it.
// The example then runs confined, as the local runner runs it for readers. Closing the example
// closes its client first (the client's connections would otherwise hold up the server's stop).
import { readFileSync } from 'node:fs';
import type { RunningExample } from '../examples/run.ts';

const SOURCE = readFileSync(new URL('./sandbox-client.cjs', import.meta.url), 'utf8');
const FILE = '.lab/test-client.cjs';

type Event = { id: number; event: string } & Record<string, unknown>;

export interface Response {
  status: number;
  connection: string | undefined;
  body: string;
  /** Date.now() when the body ended. */
  at: number;
}

/** A connection the test holds open: `closed` resolves with Date.now() when it ends, from either side. */
export interface Held {
  closed: Promise<number>;
  destroy(): Promise<void>;
}

export interface SandboxClient {
  get(path: string, options?: { keepAlive?: boolean }): Promise<Response>;
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
  const waiting = new Map<string, (e: Event) => void>();
  const early = new Map<string, Event>(); // an event that came before anyone waited for it
  let buffered = '';
  let log = '';
  proc.onOutput((chunk) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith('{')) {
        log += `${line}\n`; // node's own errors, kept for the failure message
        continue;
      }
      const event = JSON.parse(line) as Event;
      const key = `${event.id}:${event.event}`;
      const resolve = waiting.get(key);
      if (resolve) {
        waiting.delete(key);
        resolve(event);
      } else early.set(key, event);
    }
  });
  const exited = proc.exit.then((code) => {
    for (const resolve of waiting.values()) resolve({ id: -1, event: 'exit', code, log });
    waiting.clear();
    return code;
  });

  const wait = (id: number, name: string): Promise<Event> => {
    const key = `${id}:${name}`;
    const got = early.get(key);
    if (got) {
      early.delete(key);
      return Promise.resolve(got);
    }
    return new Promise<Event>((resolve) => waiting.set(key, resolve)).then((e) => {
      if (e.event === 'exit') throw new Error(`the test client exited (code ${e.code}) while waiting for ${name}\n${log}`);
      return e;
    });
  };
  let nextId = 0;
  const send = (command: Record<string, unknown>): number => {
    const id = ++nextId;
    proc.write(`${JSON.stringify({ ...command, id })}\n`);
    return id;
  };
  const held = (id: number): Held => {
    const closed = wait(id, 'closed').then((e) => e.at as number);
    closed.catch(() => {}); // a test may never ask; one that does still sees the failure
    return { closed, destroy: async () => void (await wait(send({ op: 'destroy', target: id }), 'destroyed')) };
  };

  let closing: Promise<void> | undefined;
  const client: SandboxClient = {
    async get(path, options = {}) {
      const id = send({ op: 'get', path, keepAlive: options.keepAlive ?? false });
      const ended = await wait(id, 'response');
      if (ended.error) throw new Error(`GET ${path} failed in the sandbox: ${ended.error}`);
      return ended as unknown as Response;
    },
    async open(path) {
      const id = send({ op: 'open', path });
      const connection = held(id);
      const headers = await wait(id, 'headers');
      return { ...connection, status: headers.status as number };
    },
    async raw(text) {
      const id = send({ op: 'raw', text });
      const connection = held(id);
      await wait(id, 'connected');
      return connection;
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
