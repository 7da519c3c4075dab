// Test helpers for the local runner: a real createRunner() on an http server on 127.0.0.1 port 0,
// wired the way `npm start` wires it, and a raw WebSocket client that can set any header.
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { WebSocket } from 'ws';
import { createRunner, type Runner, type RunnerOptions } from '../runner/server.ts';
import type { RunnerMessage } from '../sandbox/core/protocol.ts';
import { Correlator } from '../sandbox/core/correlator.ts';
import { RIGHT_HEADER } from '../sandbox/core/run-right.ts';
import { RunnerSocketRuntime, type RunnerSocketInfo } from '../sandbox/runtimes/runner-socket.ts';

export interface TestRunner {
  runner: Runner;
  port: number;
  /** http://127.0.0.1:<port>/ */
  base: string;
  /** The right to run a page holds once its browser opened the printed address (sent as X-Lab-Right). */
  right: string;
  close(): Promise<void>;
}

export async function startRunner(options: RunnerOptions = {}): Promise<TestRunner> {
  const runner = createRunner(options);
  const server = createServer((req, res) => {
    if (runner.handleHttp(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('site');
  });
  server.on('upgrade', (req, socket, head) => {
    if (!runner.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    runner,
    port,
    base: `http://127.0.0.1:${port}/`,
    right: await claimRight(port, runner.right.secret),
    close: async () => {
      await runner.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The runtime a page served by `npm start` gets: the runner detected with the page's right, and a
 * RunnerSocketRuntime for it, not booted yet. */
export async function pageRuntime(t: TestRunner): Promise<{ runtime: RunnerSocketRuntime; info: RunnerSocketInfo }> {
  const info = await RunnerSocketRuntime.detect(t.base, t.right);
  if (!info) throw new Error(`no runner detected at ${t.base}`);
  return { runtime: new RunnerSocketRuntime(info), info };
}

/** The right a page holds after its browser opened the printed address (#lab-secret=...): the secret
 * itself, checked against the runner here. Present it with `rightHeader`. */
export async function claimRight(port: number, secret: string): Promise<string> {
  const res = await rawRequest(port, '/__lab/runner', rightHeader(secret));
  if (res.status !== 200) throw new Error(`the runner refused the printed secret (${res.status}): ${res.body}`);
  return secret;
}

/** The header a page sends with the right it holds. */
export const rightHeader = (right: string): Record<string, string> => ({ [RIGHT_HEADER]: right });

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET (or an upgrade attempt) with exactly these headers. Upgrades that succeed answer status 101 and are closed at once. */
export function rawRequest(port: number, path: string, headers: Record<string, string>, upgrade = false): Promise<HttpAnswer> {
  const all = upgrade
    ? { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers }
    : headers;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: all, setHost: !('Host' in headers) });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket client that speaks the runner protocol by hand and keeps every message it receives. */
export class RawClient {
  readonly messages: RunnerMessage[] = [];
  readonly ws: WebSocket;
  closeCode: number | null = null;
  private readonly calls = new Correlator<RunnerMessage>();
  private waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as RunnerMessage;
      this.messages.push(message);
      if ('re' in message && message.re !== null) this.calls.deliver(message.re, message);
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.calls.close(`socket closed (${code}) while waiting`);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static connect(t: TestRunner): Promise<RawClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/__lab/runner/ws?token=${t.runner.token}`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Resolve with the first message matching `predicate` (already received or still to come). */
  async wait<T extends RunnerMessage>(predicate: (m: RunnerMessage) => boolean, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found as T;
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Send a request (an id is added) and wait for its answer. */
  async call(fields: Record<string, unknown>): Promise<{ ok: boolean; error?: string; [key: string]: unknown }> {
    return (await this.calls.request((id) => this.ws.send(JSON.stringify({ id, ...fields })), {
      ms: 5000,
      message: `no answer to ${String(fields.op)} within 5 s`,
    })) as { ok: boolean; error?: string };
  }

  close(): Promise<void> {
    if (this.closeCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** Whether a PID is a live process (a zombie waiting for a reaper counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

export async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Host processes whose command line holds `needle` (zombies excluded). */
export function processesWith(needle: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A TCP server on this machine's loopback that counts the connections made to it: what an attack
 * that "connects out" would reach. */
export async function countingListener(): Promise<{ port: number; connections: () => number; close: () => void }> {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, connections: () => connections, close: () => server.close() };
}
