// JavaScript for the editor, in a chunk of its own: a Node sandbox loads it with the editor, a Python
// sandbox never does (its files are shown without syntax colours in the editor).
// The bare Lezer JavaScript grammar (its highlighting comes with it) instead of @codemirror/lang-javascript,
// which adds autocompletion, linting hooks and JSX we do not use: about 20 KB gzip less on activation.
// And not @lezer/javascript's own build but its grammar without the TypeScript and JSX dialects
// (this folder): the same trees for JavaScript, about 15 KB gzip less.
import { LRLanguage, LanguageSupport } from '@codemirror/language';
import { parser } from './parser.ts';

export const javascript = new LanguageSupport(
  LRLanguage.define({ name: 'javascript', parser, languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } } }),
);
