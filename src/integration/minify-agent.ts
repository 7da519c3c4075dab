// The request agent (src/sandbox/agent/agent.cjs) travels as text inside the sandbox bundle: the
// session writes it into each sandbox's folder, where node runs it. Its comments and indentation are
// for the people who maintain it, not for the browser, so a build ships it minified (about 1.3 KB
// gzip less on every Run). Tests run the source as written; the e2e suite runs what is shipped.
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

const AGENT = /\/sandbox\/agent\/agent\.cjs\?raw$/;

export function minifiedAgent(): Plugin {
  return {
    name: 'lab-minified-agent',
    apply: 'build',
    enforce: 'pre',
    async load(id) {
      if (!AGENT.test(id)) return null;
      const source = await readFile(id.replace(/\?raw$/, ''), 'utf8');
      // No format given: esbuild keeps the CommonJS file as it is and renames no top-level name.
      const { code } = await transform(source, { loader: 'js', minify: true, target: 'node20' });
      return `export default ${JSON.stringify(code)};`;
    },
  };
}
