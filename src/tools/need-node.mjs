// Stops an npm script with one sentence when the Node running it is too old for this project.
// Plain JavaScript on purpose: on Node 20 a .ts entry fails to load before any line of it runs, with
// a stack trace. Two uses, both in package.json:
//   node --import ./src/tools/need-node.mjs src/server/start.ts   checks, then start.ts runs in this process
//   node src/tools/need-node.mjs && node --test …                  `node --test` skips --import on old Node
// npm scripts normally run on the Node 24 that `npm install` puts in node_modules/.bin (the `node`
// devDependency), so this speaks only when that is missing or a script is run outside npm.
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
// The floor is package.json's engines.node (">=X.Y"), so it is written once.
const floor = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).engines.node.replace(/^>=\s*/, '');
const [needMajor, needMinor] = floor.split('.').map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);

if (major < needMajor || (major === needMajor && minor < (needMinor || 0))) {
  const pinned = existsSync(new URL('node_modules/.bin/node', root)); // false for a dangling link, too
  const fix = pinned
    ? 'run it through npm (`npm start`, `npm test`, `npm run …`), which uses the Node in node_modules/.bin'
    : 'run `npm install`, which puts Node 24 in node_modules/.bin for the npm scripts (or `npm rebuild node` if install scripts were skipped)';
  console.error(
    `Lifecycle Lab needs Node ${floor} or later, but this is Node ${process.versions.node} (${process.execPath}): ${fix}, or put Node ${floor}+ first on PATH.`,
  );
  process.exit(1);
}
