// Build-time settings that client code reads (Vite replaces them when it builds).
interface ImportMetaEnv {
  /** A StackBlitz WebContainer API key, for deployers with a commercial license (README). */
  readonly PUBLIC_WEBCONTAINER_API_KEY?: string;
  /** True only in test builds made with LAB_WEBCONTAINER_STANDIN=1 (e2e/webcontainer-standin.spec.ts). */
  readonly LAB_WEBCONTAINER_STANDIN?: boolean;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

// Pagefind's UI ships no types; the stand-in for Starlight's Search (src/components/pagefind-on-intent.ts)
// only constructs it with Starlight's options.
declare module '@pagefind/default-ui' {
  export class PagefindUI {
    constructor(options: Record<string, unknown>);
  }
}
