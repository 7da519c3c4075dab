// Expressive Code options that are functions (plugins) live here, not in astro.config.mjs: Starlight's
// <Code> component (used by src/components/Sandbox.astro) reads only serializable options from there.
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { mergeCodeSpans } from './src/integration/merge-code-spans.ts';
import { plainCodeBlocks } from './src/integration/plain-code-blocks.ts';

export default defineEcConfig({ plugins: [mergeCodeSpans(), plainCodeBlocks()] });
