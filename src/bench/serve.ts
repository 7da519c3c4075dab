// Serves a built site on 127.0.0.1 the way `npm start` does (src/server/start.ts): the local runner
// first, then the static site, and the runner's WebSocket on 'upgrade'.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createSiteHandler } from '../server/site.ts';
import { createRunner } from '../runner/server.ts';

export interface ServedSite {
  /** http://127.0.0.1:<port>/ */
  base: string;
  close(): Promise<void>;
}

export async function serveSite(outDir: string): Promise<ServedSite> {
  const runner = createRunner();
  const site = createSiteHandler(pathToFileURL(outDir.endsWith('/') ? outDir : `${outDir}/`));
  const server = createServer((req, res) => {
    if (runner.handleHttp(req, res)) return;
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
    close: async () => {
      await runner.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
