// Which of a page's scripts are the sandbox's own, by module graph.
//
// Attribution rule: a loaded script is the sandbox's when the page would not have loaded it without
// the sandbox. The sandbox's entry scripts are found by content (the compiled loader defines the
// `lab-sandbox` custom element). Every other root (the page's own <script type="module" src>, inline
// scripts) is walked without ever entering a sandbox entry; what that walk reaches is loaded for the
// rest of the page anyway. The sandbox's share is what the sandbox entries reach minus that set. A
// chunk reached from both (Vite's preload helper, shared with Starlight's search) is reported as
// shared and is not counted in the share. Edges are static imports plus dynamic ones (`import("./x")`
// and the `__vite__mapDeps` file lists), read from the minified sources; only loaded scripts matter.

export interface PageScript {
  /** Absolute URL, or `inline:<n>` for a script written in the HTML. */
  url: string;
  source: string;
  gzip: number;
}

export interface Attribution {
  sandbox: PageScript[];
  shared: PageScript[];
  other: PageScript[];
  /** Loaded, but no root's graph reaches it (e.g. a import() whose URL is built at run time). */
  unreached: PageScript[];
}

const SANDBOX_ENTRY = /customElements\.define\(\s*["'`]lab-sandbox["'`]/;

export function isSandboxEntry(source: string): boolean {
  return SANDBOX_ENTRY.test(source);
}

/** URLs of the scripts a module source refers to: relative or absolute string literals ending in .js, and Vite's dependency lists. */
export function referencedScripts(source: string, from: string, siteRoot: string): string[] {
  const found = new Set<string>();
  const add = (spec: string, base: string) => {
    try {
      found.add(new URL(spec, base).href);
    } catch {
      // not a URL after all
    }
  };
  for (const m of source.matchAll(/["'`]((?:\.{1,2}\/|\/)[^"'`\s${}]+?\.m?js)["'`]/g)) add(m[1]!, from);
  // const __vite__mapDeps=(i,m=…,d=(m.f||(m.f=["_astro/app.X.js", …])))=>…  (paths relative to the site's base)
  for (const list of source.matchAll(/__vite__mapDeps=[^\n]*?\.f=\[([^\]]*)\]/g)) {
    for (const m of list[1]!.matchAll(/["'`]([^"'`]+?\.m?js)["'`]/g)) add(m[1]!, siteRoot);
  }
  return [...found];
}

export function attribute(scripts: PageScript[], roots: string[], siteRoot: string): Attribution {
  const byUrl = new Map(scripts.map((s) => [s.url, s]));
  const edges = (url: string) => referencedScripts(byUrl.get(url)?.source ?? '', url, siteRoot).filter((u) => byUrl.has(u));
  const walk = (starts: string[], skip: Set<string>) => {
    const seen = new Set<string>();
    const todo = starts.filter((u) => byUrl.has(u) && !skip.has(u));
    while (todo.length) {
      const url = todo.pop()!;
      if (seen.has(url)) continue;
      seen.add(url);
      for (const next of edges(url)) if (!skip.has(next)) todo.push(next);
    }
    return seen;
  };
  const entries = new Set(scripts.filter((s) => isSandboxEntry(s.source)).map((s) => s.url));
  const otherRoots = roots.filter((u) => !entries.has(u));
  const rest = walk(otherRoots, entries);
  const mine = walk([...entries], new Set());
  const result: Attribution = { sandbox: [], shared: [], other: [], unreached: [] };
  for (const s of scripts) {
    if (mine.has(s.url)) (rest.has(s.url) ? result.shared : result.sandbox).push(s);
    else if (rest.has(s.url)) result.other.push(s);
    else result.unreached.push(s);
  }
  return result;
}
