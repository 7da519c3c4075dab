// Serves a built site on 127.0.0.1 the way `npm start` does (src/server/start.ts): the local runner
// first, then the static site, and the runner's WebSocket on 'upgrade'.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createSiteHandler } from '../server/site.ts';
import { createRunner } from '../runner/server.ts';

export interface ServedSite {
  /** http://127.0.0.1:<port>/ */
  base: string;
  /** The runner's secret: `#lab-secret=` on any address of the site gives the browser the right to run (as `npm start` prints). */
  secret: string;
  close(): Promise<void>;
}

/** `base`: the path the site was built for (LAB_BASE), served there as a static host would. */
export async function serveSite(outDir: string, base = '/'): Promise<ServedSite> {
  const runner = createRunner();
  const site = createSiteHandler(pathToFileURL(outDir.endsWith('/') ? outDir : `${outDir}/`));
  const server = createServer((req, res) => {
    if (runner.handleHttp(req, res)) return;
    // Under a base path, anything outside it is not part of the site (the 404 page answers).
    if (base !== '/') req.url = req.url?.startsWith(base) ? req.url.slice(base.length - 1) : '/__outside-the-base__';
    site(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (!runner.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}/`,
    secret: runner.right.secret,
    close: async () => {
      await runner.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
