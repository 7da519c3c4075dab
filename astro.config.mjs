// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import lifecycleLab from './src/integration/index.ts';
import { isolationHeaders } from './src/server/headers.ts';

export default defineConfig({
  site: 'https://lifecycle-lab.example',
  // Every response of `npm run dev` carries the cross-origin isolation headers WebContainers need.
  server: { headers: isolationHeaders, host: '127.0.0.1' },
  integrations: [
    starlight({
      title: 'Lifecycle Lab',
      description:
        'What runs once, what runs per request, and how worker processes are made: FastAPI, uvicorn, gunicorn and Node, with live examples.',
      // Content sits at top-level content/docs; Starlight must be told to process Markdown there
      // (asides, heading anchors).
      markdown: { processedDirs: ['./content/docs'] },
      customCss: ['./src/styles/lab.css'],
      lastUpdated: false,
      sidebar: [
        {
          label: 'Start here',
          items: [
            { slug: 'start-here' },
            { slug: 'live-examples' },
          ],
        },
      ],
    }),
    mdx(),
    lifecycleLab(),
  ],
});
