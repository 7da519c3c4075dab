// Who may talk to the local runner. It executes code sent from a web page, so a request must come
// over loopback, name a loopback Host (no DNS rebinding), come from the site's own origin (no other
// site in the same browser), and, for the WebSocket, carry the per-server token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostnameOf, isLoopbackHost } from './loopback.ts';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compare a presented token with the real one in constant time (hashing first evens out lengths). */
export function tokenMatches(presented: unknown, token: string): boolean {
  if (typeof presented !== 'string' || presented === '') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The peer's socket address is this machine (127.0.0.0/8, ::1, or v4-mapped 127.x). */
function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^::ffff:(?=\d+\.)/, '');
  return isIP(plain) !== 0 && isLoopbackHost(plain);
}

/** A Host header that names this machine: localhost, 127.x.x.x or [::1], with any port. */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  const name = hostnameOf(host);
  return name !== null && isLoopbackHost(name);
}

/** Why this request may not use the runner, or null when it may. */
export function refusal(req: IncomingMessage): string | null {
  const remote = req.socket.remoteAddress ?? '';
  if (!isLoopbackAddress(remote)) return `the local runner only answers this machine (request from ${remote || 'an unknown address'})`;
  const host = req.headers.host;
  if (!isLoopbackHostHeader(host))
    return `Host ${JSON.stringify(host ?? '')} refused: the local runner answers only localhost, 127.0.0.1 or [::1] (DNS rebinding protection)`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let same = false;
    try {
      const url = new URL(origin);
      // Normalise the Host header the same way (default ports dropped) before comparing.
      same = (url.protocol === 'http:' || url.protocol === 'https:') && url.host === new URL(`${url.protocol}//${host}`).host;
    } catch {
      same = false;
    }
    if (!same) return `Origin ${JSON.stringify(origin)} refused: only pages of this site (${host}) may use the local runner`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `cross-site request refused (Sec-Fetch-Site: ${site}): only pages of this site may use the local runner`;
  return null;
}
