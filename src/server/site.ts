// Serves the built site (dist/) with the isolation and no-framing headers on every response, including 404s.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { siteHeaders } from './headers.ts';

export function createSiteHandler(dist: URL): (req: IncomingMessage, res: ServerResponse) => void {
  const dir = fileURLToPath(dist);
  const files = sirv(dir, { etag: true, gzip: true, brotli: true, extensions: ['html'], dotfiles: false });
  const notFound = existsSync(`${dir}404.html`) ? readFileSync(`${dir}404.html`) : Buffer.from('Not found');
  return (req, res) => {
    for (const [name, value] of Object.entries(siteHeaders)) res.setHeader(name, value);
    // Resources the sandbox needs from this origin only; fine for WebContainer's cross-origin iframe too.
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    files(req, res, () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(notFound);
    });
  };
}
