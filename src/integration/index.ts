// The Astro integration of Lifecycle Lab:
// - in `npm run dev`, hosts the local runner on the dev server (the isolation headers come from
//   astro.config.mjs `server.headers`);
// - after `astro build`, writes gzip and brotli copies of text assets so `npm start` serves them compressed.
import type { AstroIntegration } from 'astro';
import { precompress } from './precompress.ts';

export default function lifecycleLab(): AstroIntegration {
  return {
    name: 'lifecycle-lab',
    hooks: {
      'astro:server:setup': async ({ server, logger }) => {
        const { createRunner } = await import('../runner/server.ts');
        const runner = createRunner();
        server.middlewares.use((req, res, next) => {
          if (!runner.handleHttp(req, res)) next();
        });
        // Vite's HMR socket shares this server: only our path is taken, others pass through untouched.
        server.httpServer?.on('upgrade', (req, socket, head) => runner.handleUpgrade(req, socket, head));
        server.httpServer?.on('close', () => void runner.close());
        logger.info('Local runtime: on (sandboxes can run node on this machine).');
      },
      'astro:build:done': async ({ dir, logger }) => {
        const count = await precompress(dir);
        logger.info(`precompressed ${count} files (gzip, brotli)`);
      },
    },
  };
}
