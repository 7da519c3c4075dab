// Loads Pagefind's search UI when the reader reaches for Search, not on every page. Starlight's
// Search component imports '@pagefind/default-ui' and creates it at the first idle moment; in a
// build, that one import (from that one component) resolves to src/components/pagefind-on-intent.ts,
// which creates the real UI on intent. Every other import of the package, including the stand-in's
// own, resolves as usual. Starlight's markup, styles and keyboard shortcut stay Starlight's.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const STAND_IN = fileURLToPath(new URL('../components/pagefind-on-intent.ts', import.meta.url));
const STARLIGHT_SEARCH = /[\\/]@astrojs[\\/]starlight[\\/].*[\\/]Search\.astro/;

export function deferSearch(): Plugin {
  return {
    name: 'lab-defer-search',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '@pagefind/default-ui' && importer && STARLIGHT_SEARCH.test(importer)) return STAND_IN;
      return null;
    },
  };
}
