// The two headers that make a page cross-origin isolated, which WebContainers require
// (SharedArrayBuffer). One definition, used by the dev server, `npm start` and the deploy configs' test.
export const isolationHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// No other page may frame this site: a framed sandbox plus one decoy click could run code on the
// reader's machine (clickjacking). Sent with the isolation headers everywhere the site is served.
export const frameHeaders: Record<string, string> = {
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
};

/** Every header each response of the site carries. */
export const siteHeaders: Record<string, string> = { ...isolationHeaders, ...frameHeaders };
