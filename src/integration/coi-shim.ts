// The <head> tags for GitHub Pages builds (LAB_COI_SHIM=1), where no header can be set:
// coi-serviceworker re-serves each page with the cross-origin isolation headers.
// Left to itself it sends COEP `credentialless` to every browser that is not Chromium or Firefox,
// which means Safari, and Safari does not support `credentialless`: the page would not be isolated
// there. WebContainer boots with `coep: 'require-corp'` (runtimes/webcontainer.ts), so the shim is
// told to send require-corp to every browser. The setting must run before the shim's script.
export const COI_SETTINGS = 'window.coi={coepCredentialless:function(){return false}};';

export function coiShimHead(base: string): Array<{ tag: 'script'; attrs?: Record<string, string>; content?: string }> {
  return [
    { tag: 'script', content: COI_SETTINGS },
    { tag: 'script', attrs: { src: `${base.replace(/\/$/, '')}/coi-serviceworker.min.js` } },
  ];
}
