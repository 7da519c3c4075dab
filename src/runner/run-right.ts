// Who may run code: the person who started the server (Jupyter's model, scoped to one origin).
// `npm start` and `npm run dev` print the site's address with a secret in its fragment
// (#lab-secret=...). The page keeps it in its origin's localStorage, port included, and takes it
// out of the address (src/sandbox/core/run-right.ts); it presents it as the X-Lab-Right header on
// GET /__lab/runner, the only way to learn the per-server token the WebSocket needs. No cookie is
// involved: a cookie goes to every port of localhost, so any other local server the browser opened
// could receive it and replay it. A request without the header (another OS user, a bare client,
// another local page, a replayed cookie) gets no token. Reading the site needs none of this.
import type { IncomingMessage } from 'node:http';
import { RIGHT_HEADER, RIGHT_PARAM } from '../sandbox/core/run-right.ts';
import { newToken, tokenMatches } from './security.ts';

/** Tests (the e2e server) may fix the secret; an env var is readable only by the same user. */
export const SECRET_ENV = 'LAB_RUNNER_SECRET';
export const NO_RIGHT =
  'this browser has not been given the right to run examples on this machine: open the address that npm start (or npm run dev) printed, the one that ends in #lab-secret=…';
export const STALE_RIGHT =
  'the right to run this browser holds is not this server’s (it was restarted since, or the address was mistyped): open the address that npm start (or npm run dev) printed this time, the one that ends in #lab-secret=…';

const HEADER = RIGHT_HEADER.toLowerCase();

export class RunRight {
  /** The secret in the printed address. */
  readonly secret: string;

  constructor(secret = process.env[SECRET_ENV] || newToken()) {
    this.secret = secret;
  }

  /** The printed address: `base` with the secret in its fragment. */
  url(base: string): string {
    const url = new URL(base);
    url.hash = `${RIGHT_PARAM}=${this.secret}`;
    return url.href;
  }

  /** Null when the request carries the right, else why not (no header, or a wrong one). */
  refusal(req: IncomingMessage): string | null {
    const presented = req.headers[HEADER];
    if (presented === undefined || presented === '') return NO_RIGHT;
    return tokenMatches(presented, this.secret) ? null : STALE_RIGHT;
  }
}
