// The Astro integration of Lifecycle Lab:
// - in `npm run dev`, hosts the local runner on the dev server (the isolation headers come from
//   astro.config.mjs `server.headers`);
// - on every page, first thing in <head>: takes the right to run out of the printed address
//   (#lab-secret=…) into this origin's storage (src/sandbox/core/run-right.ts);
// - with a base path (LAB_BASE), adds it to the links written in the content;
// - with LAB_COI_SHIM=1, ships coi-serviceworker for static hosts without headers;
// - in a build, ships the request agent minified (minify-agent.ts), and loads Pagefind's search UI
//   on intent rather than on every page (defer-search.ts);
// - after `astro build`, writes gzip and brotli copies of text assets so `npm start` serves them compressed.
import type { AstroIntegration } from 'astro';
import { copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.ts';
import { rebasePages } from './rebase-pages.ts';
import { minifiedAgent } from './minify-agent.ts';
import { deferSearch } from './defer-search.ts';
import { CLAIM_SCRIPT } from '../sandbox/core/run-right.ts';

export default function lifecycleLab(options: { coiShim?: boolean; base?: string } = {}): AstroIntegration {
  // Set once the runner exists; prints the address with its secret once the dev server listens.
  let printRunner: ((address: string) => void) | undefined;
  return {
    name: 'lifecycle-lab',
    hooks: {
      'astro:config:setup': ({ updateConfig, injectScript }) => {
        updateConfig({ vite: { plugins: [minifiedAgent(), deferSearch()] } });
        // Inline and synchronous, so the secret leaves the address before any other script reads it.
        injectScript('head-inline', CLAIM_SCRIPT);
      },
      'astro:server:setup': async ({ server, logger }) => {
        const { createRunner } = await import('../runner/server.ts');
        const runner = createRunner();
        const { SANDBOXED_NOTE, UNSANDBOXED_NOTE } = await import('../runner/bwrap.ts');
        const { sweptNote } = await import('../runner/leftovers.ts');
        printRunner = (address) => {
          logger.info(`Local runtime: on. To run examples on this machine, open:\n  ${runner.right.url(address)}`);
          logger.info(runner.sandboxed ? SANDBOXED_NOTE : UNSANDBOXED_NOTE);
          if (runner.swept) logger.info(sweptNote(runner.swept));
        };
        server.middlewares.use((req, res, next) => {
          if (!runner.handleHttp(req, res)) next();
        });
        // Vite's HMR socket shares this server: only our path is taken, others pass through untouched.
        server.httpServer?.on('upgrade', (req, socket, head) => runner.handleUpgrade(req, socket, head));
        server.httpServer?.on('close', () => void runner.close());
      },
      'astro:server:start': ({ address }) => {
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address === '127.0.0.1' ? 'localhost' : address.address;
        printRunner?.(`http://${host}:${address.port}${options.base ?? '/'}`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (options.coiShim) {
          // For hosts that cannot set headers (GitHub Pages): the service worker adds them.
          await copyFile(
            createRequire(import.meta.url).resolve('coi-serviceworker/coi-serviceworker.min.js'),
            fileURLToPath(new URL('coi-serviceworker.min.js', dir)),
          );
          logger.info('added coi-serviceworker.min.js (LAB_COI_SHIM=1)');
        }
        if (options.base && options.base !== '/') {
          const pages = await rebasePages(dir, options.base);
          logger.info(`added the base ${options.base} to content links in ${pages} pages`);
        }
        const count = await precompress(dir);
        logger.info(`precompressed ${count} files (gzip, brotli)`);
      },
    },
  };
}
