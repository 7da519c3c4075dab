// `npm run new:guide -- <slug>`: scaffolds a team's own guide, the four things a guide is made of:
//   content/docs/guides/<slug>.mdx             the page, with a live example and its Try this steps
//   content/examples/<slug>/ and <slug>.json   the example's files and manifest
//   content/transcripts/<slug>.json            a transcript recorded from a real run (npm run record)
//   src/examples/<slug>.test.ts                its behaviour test: failing until you say what to assert
// and puts the guide on the onboarding track (content/track.json), which also places it in the sidebar.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXAMPLES_DIR } from '../examples/load.ts';
import { TRACK_PATH } from '../track/load.ts';

const ROOT = join(EXAMPLES_DIR, '..', '..');

export const titleOf = (slug: string): string => slug.charAt(0).toUpperCase() + slug.slice(1).replace(/-/g, ' ');

const page = (slug: string, title: string) => `---
title: ${JSON.stringify(title)}
description: ${JSON.stringify(`${title}: what runs once and what runs per request, with a live example.`)}
---

import Sandbox from '../../../src/components/Sandbox.astro';

Say in two sentences what this guide teaches and who it is for. Then explain the idea, with the FastAPI or
uvicorn snippet your team knows and its Node counterpart beside it.

## See it run

<Sandbox example="${slug}">

1. Press **Run**. The output shows \`startup: ready\` once, before \`listening on\`.
2. In the **Try:** row, press **GET /** twice. Each answer counts one more request, from the same PID.

</Sandbox>

Every claim above about what the reader will see is checked by \`src/examples/${slug}.test.ts\`: keep them in step.
`;

const server = (title: string) => `// ${title}
// Coming from FastAPI: module scope is like the top of main.py, the createServer callback like a
// path operation. Replace this with the behaviour your guide explains; keep to Node's built-ins.
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single'); // a [lab] marker: the sandbox's timeline and the track read these
console.log('startup: ready');

let answered = 0;
const server = http.createServer((req, res) => {
  answered += 1;
  res.setHeader('x-pid', process.pid);
  res.end(\`process \${process.pid} has answered \${answered} request(s)\\n\`);
});

const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => {
  lab.listening(port);
  console.log(\`listening on http://127.0.0.1:\${port}\`);
});
`;

const manifest = (title: string) =>
  `${JSON.stringify(
    {
      title,
      open: 'server.js',
      command: ['server.js'],
      requests: [
        { method: 'GET', path: '/', note: 'The counter goes up; startup ran once.' },
        { method: 'GET', path: '/', count: 5 },
      ],
    },
    null,
    2,
  )}\n`;

const behaviourTest = (slug: string, title: string) => `// Claims of the "${title}" guide about its live example, checked under real Node through the same
// Session the sandbox uses. Every sentence of the page's Try this steps that says what the reader will
// see belongs here as an assertion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExample } from './run.ts';

test('${slug}: what the Try this steps say the reader will see', async (t) => {
  const ex = await runExample('${slug}', { t });
  const first = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(first.status, 200);
  // Assert what the guide claims. For the scaffolded steps, for example:
  //   assert.equal(ex.output().match(/^startup: ready$/gm)?.length, 1);     // step 1: startup printed once
  //   const second = await ex.session.request({ method: 'GET', path: '/' });
  //   assert.match(second.body ?? '', /answered 2 request/);               // step 2: the count goes up
  //   assert.equal(second.pid, first.pid);                                  // step 2: the same PID answers
  //   assert.equal(ex.events('start').length, 1);                           // module scope ran once
  // then delete this line:
  assert.fail('Write the assertions for what the ${slug} guide claims (see the comments above this line), then remove this assert.fail.');
});
`;

export interface Scaffolded {
  files: string[];
}

export async function scaffoldGuide(slug: string): Promise<Scaffolded> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug))
    throw new Error(`the slug must be lowercase words joined by dashes, like my-team-guide (got ${JSON.stringify(slug)})`);
  const title = titleOf(slug);
  const paths = {
    page: join(ROOT, 'content', 'docs', 'guides', `${slug}.mdx`),
    server: join(EXAMPLES_DIR, slug, 'server.js'),
    manifest: join(EXAMPLES_DIR, `${slug}.json`),
    test: join(ROOT, 'src', 'examples', `${slug}.test.ts`),
  };
  const taken = Object.values(paths).filter((p) => existsSync(p));
  if (taken.length) throw new Error(`already there, nothing written: ${taken.map((p) => relative(ROOT, p)).join(', ')}`);

  mkdirSync(join(EXAMPLES_DIR, slug), { recursive: true });
  writeFileSync(paths.page, page(slug, title));
  writeFileSync(paths.server, server(title));
  writeFileSync(paths.manifest, manifest(title));
  writeFileSync(paths.test, behaviourTest(slug, title));

  // On the track, so the sidebar lists it and Start here counts it.
  const track = JSON.parse(readFileSync(TRACK_PATH, 'utf8')) as { guides: unknown[] };
  track.guides.push({
    slug: `guides/${slug}`,
    summary: `${title}: replace this with one sentence on what the guide teaches.`,
    steps: [{ id: slug, example: slug, text: 'Run the example, then press GET / twice.', requires: [{ run: true }, { request: '/', count: 2 }] }],
  });
  writeFileSync(TRACK_PATH, `${JSON.stringify(track, null, 2)}\n`);

  // A transcript from a real run, shown where no runtime can start. Loaded here, not above: it starts real processes.
  const { recordExample, writeTranscript } = await import('../examples/record.ts');
  const transcript = writeTranscript(await recordExample(slug));
  return { files: [...Object.values(paths), transcript, TRACK_PATH].map((p) => relative(ROOT, p)) };
}

if (import.meta.main) {
  const slug = process.argv[2];
  if (!slug) {
    console.error('usage: npm run new:guide -- <slug>   (for example: npm run new:guide -- my-team-guide)');
    process.exitCode = 2;
  } else {
    try {
      const { files } = await scaffoldGuide(slug);
      console.log(`Scaffolded the guide "${titleOf(slug)}":\n${files.map((f) => `  ${f}`).join('\n')}`);
      console.log(
        `Next: write the page and the example, re-record with npm run record ${slug}, and make src/examples/${slug}.test.ts pass (it fails until you write its assertions).`,
      );
    } catch (err) {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    }
  }
}
