// Who may run code: the person who started the server (Jupyter's model). `npm start` and `npm run dev`
// print the site's address with a secret (?lab-secret=...); opening it turns the secret into an
// HttpOnly, SameSite=Strict cookie and redirects to the same address without it, so the secret
// leaves the address bar and the history. The runner's token endpoint and WebSocket require that
// cookie: another OS user, a bare local client or another local page never learns the secret.
// Reading the site needs none of this.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RUNNER_PATH } from '../sandbox/core/protocol.ts';
import { hostnameOf } from './loopback.ts';
import { isLoopbackHostHeader, newToken, tokenMatches } from './security.ts';

export const SECRET_PARAM = 'lab-secret';
/** Tests (the e2e server) may fix the secret; an env var is readable only by the same user. */
export const SECRET_ENV = 'LAB_RUNNER_SECRET';
export const NO_RIGHT =
  'this browser has not been given the right to run examples on this machine: open the address that npm start (or npm run dev) printed, with its ?lab-secret=…';

export class RunRight {
  /** The secret in the printed address. */
  readonly secret: string;
  /** What the cookie holds: a second random value, so the printed secret is never stored by the browser. */
  private readonly session = newToken();

  constructor(secret = process.env[SECRET_ENV] || newToken()) {
    this.secret = secret;
  }

  /** The printed address: `base` plus the secret. */
  url(base: string): string {
    const url = new URL(base);
    url.searchParams.set(SECRET_PARAM, this.secret);
    return url.href;
  }

  /** Cookies ignore ports: two servers on two ports keep two cookies. */
  private cookieName(req: IncomingMessage): string {
    const port = /:(\d+)$/.exec(req.headers.host ?? '')?.[1] ?? '80';
    return `lab-runner-${port}`;
  }

  /** The request carries this server's cookie. */
  holds(req: IncomingMessage): boolean {
    const name = this.cookieName(req);
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const at = part.indexOf('=');
      if (at > 0 && part.slice(0, at).trim() === name) return tokenMatches(part.slice(at + 1).trim(), this.session);
    }
    return false;
  }

  /** A request for any page with ?lab-secret=...: redirect to the same address without it, with the
   * cookie when the secret is right (a wrong one only leaves the address bar). False for other requests. */
  exchange(req: IncomingMessage, res: ServerResponse): boolean {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://runner.invalid');
    } catch {
      return false;
    }
    const presented = url.searchParams.get(SECRET_PARAM);
    if (presented === null || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    url.searchParams.delete(SECRET_PARAM);
    const headers: Record<string, string> = { Location: url.pathname + url.search, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
    // Only over a loopback Host name (a rebound DNS name is not this site).
    if (isLoopbackHostHeader(req.headers.host) && hostnameOf(req.headers.host) !== null && tokenMatches(presented, this.secret))
      headers['Set-Cookie'] = `${this.cookieName(req)}=${this.session}; Path=${RUNNER_PATH}; HttpOnly; SameSite=Strict`;
    res.writeHead(303, headers).end();
    return true;
  }
}
