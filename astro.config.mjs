// @ts-check
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import lifecycleLab from './src/integration/index.ts';
import { siteHeaders } from './src/server/headers.ts';
import { coiShimHead } from './src/integration/coi-shim.ts';
import { readFileSync } from 'node:fs';

// GitHub Pages cannot send headers: build with LAB_COI_SHIM=1 (and LAB_BASE=/<repo>/) to add
// coi-serviceworker, which re-serves the pages with the isolation headers from a service worker.
const coiShim = process.env.LAB_COI_SHIM === '1';
const base = process.env.LAB_BASE ?? '/';
// Test builds only (e2e/webcontainer-standin.spec.ts): LAB_WEBCONTAINER_STANDIN=1 builds into
// dist-standin/ with '@webcontainer/api' replaced by src/test/webcontainer-standin.ts, which runs
// the real adapter against real node processes through the local runner. Never deploy that build.
const standin = process.env.LAB_WEBCONTAINER_STANDIN === '1';
// The guides, in reading order, are the onboarding track's (content/track.json): a guide added with
// `npm run new:guide` joins the track and the sidebar at once.
const trackGuides = JSON.parse(readFileSync(new URL('./content/track.json', import.meta.url), 'utf8')).guides;

export default defineConfig({
  site: process.env.LAB_SITE ?? 'https://lifecycle-lab.example',
  base,
  ...(standin ? { outDir: './dist-standin' } : {}),
  vite: standin
    ? {
        resolve: { alias: { '@webcontainer/api': fileURLToPath(new URL('./src/test/webcontainer-standin.ts', import.meta.url)) } },
        define: { 'import.meta.env.LAB_WEBCONTAINER_STANDIN': 'true' },
      }
    : {},
  // Every response of `npm run dev` carries the cross-origin isolation headers WebContainers need, and refuses framing.
  server: { headers: siteHeaders, host: '127.0.0.1' },
  integrations: [
    starlight({
      title: 'Lifecycle Lab',
      description: 'What runs once, what runs per request, and how worker processes are made: FastAPI, uvicorn, gunicorn and Node, with live examples.',
      // Content sits at top-level content/docs; Starlight must be told to process Markdown there
      // (asides, heading anchors).
      markdown: { processedDirs: ['./content/docs'] },
      customCss: ['./src/styles/lab.css', './src/styles/sandbox-static.css', './src/styles/track.css', './src/styles/print.css'],
      // The sidebar marks guides done on the onboarding track (src/components/Sidebar.astro).
      components: { Sidebar: './src/components/Sidebar.astro', MarkdownContent: './src/components/MarkdownContent.astro' },
      lastUpdated: false,
      // Wrap long code lines instead of scrolling: readable at 390 px, and no unlabelled scroll
      // regions (Expressive Code marks overflowing blocks role="region" without a name).
      expressiveCode: { defaultProps: { wrap: true, preserveIndent: true } },
      head: coiShim ? coiShimHead(base) : [],
      sidebar: [
        {
          label: 'Start here',
          items: [{ slug: 'start-here' }, { slug: 'live-examples' }, { slug: 'diagnostics' }, { slug: 'add-a-guide' }],
        },
        {
          label: 'Guides',
          items: trackGuides.map((/** @type {{ slug: string }} */ g) => ({ slug: g.slug })),
        },
        {
          label: 'Common questions',
          items: [
            { slug: 'questions/blocked-workers' },
            { slug: 'questions/many-workers' },
            { slug: 'questions/streams-and-reload' },
            { slug: 'questions/launch-and-tests' },
            { slug: 'questions/containers' },
            { slug: 'questions/pm2' },
            { slug: 'questions/dependency-yield-timing' },
            { slug: 'questions/different-event-loop' },
            { slug: 'questions/logging-under-workers' },
            { slug: 'questions/metrics-across-workers' },
            { slug: 'questions/tracing-after-fork' },
            { slug: 'questions/fork-with-threads' },
            { slug: 'questions/max-requests-recycling' },
            { slug: 'questions/sticky-sessions' },
            { slug: 'questions/kubernetes-rolling-updates' },
            { slug: 'questions/node-in-containers' },
          ],
        },
      ],
    }),
    mdx(),
    lifecycleLab({ coiShim, base }),
  ],
});
