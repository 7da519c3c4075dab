// The local runner: lets a page of this site run real node processes on this machine. It hooks
// into the site's own http server (`npm start`, `npm run dev`): GET /__lab/runner tells the page
// the token, and /__lab/runner/ws?token=... is the WebSocket that carries the Runtime calls.
// Every request must come from loopback, name a loopback Host and come from the site's own origin;
// the token is given only to a page that presents the right to run (the X-Lab-Right header, which only
// the person who started the server can give a page: run-right.ts).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RunnerConnection } from './connection.ts';
import { DEFAULT_LIMITS, RUNNER_PATH, RUNNER_WS_PATH, type RunnerInfo, type RunnerLimits } from '../sandbox/core/protocol.ts';
import { newToken, refusal, tokenMatches } from './security.ts';
import { RunRight } from './run-right.ts';
import { bwrapAvailable } from './bwrap.ts';
import { sweepLeftovers } from './leftovers.ts';

export interface RunnerOptions {
  limits?: Partial<RunnerLimits>;
  /** Pages connected at once (default 32). */
  maxConnections?: number;
  /** How often a silent page is pinged; a page that misses a pong is dropped (default 30 s). */
  heartbeatMs?: number;
  /** Who may run (default: a new secret, or LAB_RUNNER_SECRET). */
  right?: RunRight;
  /** Run each page session in the OS sandbox (default: when bwrap works here and LAB_SANDBOX is not "off"). */
  sandbox?: boolean;
}

export interface Runner {
  /** The per-server secret a page must present to open the WebSocket. */
  readonly token: string;
  /** The secret the server prints, which the page presents as the X-Lab-Right header. */
  readonly right: RunRight;
  readonly limits: RunnerLimits;
  /** Examples run inside the OS sandbox (bwrap). */
  readonly sandboxed: boolean;
  /** Sandbox processes that an earlier runner left running when it died, stopped as this one started (leftovers.ts). */
  readonly swept: number;
  /** Pages connected now (one connection per page). */
  readonly connections: ReadonlySet<RunnerConnection>;
  /** Answers GET /__lab/runner (and refuses misuse of /__lab/runner/ws over plain HTTP); false for any other URL. */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes the WebSocket upgrade of /__lab/runner/ws; false for any other path (the socket is left untouched). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Drop every page, kill every process, remove every temp folder. */
  close(): Promise<void>;
}

function pathOf(req: IncomingMessage): { pathname: string; params: URLSearchParams } {
  try {
    const url = new URL(req.url ?? '/', 'http://runner.invalid');
    return { pathname: url.pathname, params: url.searchParams };
  } catch {
    return { pathname: '', params: new URLSearchParams() };
  }
}

function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Answer an upgrade with a plain HTTP error on the raw socket, then close it. */
function refuseUpgrade(socket: Duplex, status: number, error: string): void {
  const body = JSON.stringify({ error });
  socket.once('finish', () => socket.destroy());
  socket.once('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nCache-Control: no-store\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function createRunner(options: RunnerOptions = {}): Runner {
  const token = newToken();
  const right = options.right ?? new RunRight();
  const sandboxed = options.sandbox ?? bwrapAvailable();
  const swept = sandboxed ? sweepLeftovers().length : 0;
  const limits: RunnerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const maxConnections = options.maxConnections ?? 32;
  const connections = new Set<RunnerConnection>();
  let closed = false;
  // ws closes the connection (1009) past maxPayload; below it, but above the limit, the page gets a readable refusal.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * limits.maxMessageBytes, perMessageDeflate: false, clientTracking: true });

  const alive = new WeakSet<object>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const info = (): RunnerInfo => ({ token, ws: RUNNER_WS_PATH, node: process.version, limits, sandboxed });

  return {
    token,
    right,
    limits,
    sandboxed,
    swept,
    connections,

    handleHttp(req, res) {
      const { pathname } = pathOf(req);
      if (pathname !== RUNNER_PATH && pathname !== RUNNER_WS_PATH) return false;
      const refused = refusal(req);
      const noRight = right.refusal(req);
      if (refused) sendJson(res, 403, { error: refused });
      else if (pathname === RUNNER_WS_PATH)
        sendJson(res, 426, { error: 'this is the local runner WebSocket: connect with a WebSocket' }, { Upgrade: 'websocket' });
      else if (req.method !== 'GET' && req.method !== 'HEAD') sendJson(res, 405, { error: `${req.method} is not allowed here` }, { Allow: 'GET, HEAD' });
      else if (noRight) sendJson(res, 401, { error: noRight, locked: true, sandboxed }, { Vary: 'X-Lab-Right' });
      else if (closed) sendJson(res, 503, { error: 'the local runner is shutting down' });
      else sendJson(res, 200, info(), { Vary: 'X-Lab-Right' });
      return true;
    },

    handleUpgrade(req, socket, head) {
      const { pathname, params } = pathOf(req);
      if (pathname !== RUNNER_WS_PATH) return false;
      const refused = refusal(req);
      const presented = params.get('token');
      // Browsers cannot add headers to a WebSocket: the token stands for the right here, and only a
      // page that presented the right learnt it.
      if (refused) refuseUpgrade(socket, 403, refused);
      else if (!presented) refuseUpgrade(socket, 403, 'missing token: fetch /__lab/runner from a page of this site first');
      else if (!tokenMatches(presented, token)) refuseUpgrade(socket, 403, 'wrong token: reload the page (the runner was restarted?)');
      else if (closed) refuseUpgrade(socket, 503, 'the local runner is shutting down');
      else if (connections.size >= maxConnections) refuseUpgrade(socket, 503, `too many pages are connected (at most ${maxConnections}); close some tabs`);
      else
        wss.handleUpgrade(req, socket, head, (ws) => {
          if (closed) return ws.terminate();
          alive.add(ws);
          ws.on('pong', () => alive.add(ws));
          const connection = new RunnerConnection(ws, limits, { sandbox: sandboxed });
          connections.add(connection);
          // Leaves the set only once its processes are gone and its folder removed, so close() waits for it.
          ws.once('close', () => void connection.close().then(() => connections.delete(connection)));
        });
      return true;
    },

    async close() {
      closed = true;
      clearInterval(heartbeat);
      await Promise.all([...connections].map((c) => c.close()));
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
