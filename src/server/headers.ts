// The two headers that make a page cross-origin isolated, which WebContainers require
// (SharedArrayBuffer). One definition, used by the dev server, `npm start` and the deploy configs' test.
export const isolationHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
