// Crawls the served site from the home page: every internal HTML page, the assets pages load, and
// every internal link with its #anchor. Shared by the site specs.
import type { APIRequestContext } from '@playwright/test';

export interface CrawledPage {
  path: string;
  html: string;
  ids: Set<string>;
  links: string[];
  assets: string[];
}

const attr = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]!.replace(/&amp;/g, '&'));

export async function crawl(request: APIRequestContext, start = '/'): Promise<Map<string, CrawledPage>> {
  const pages = new Map<string, CrawledPage>();
  const queue = [start];
  while (queue.length) {
    const path = queue.shift()!;
    if (pages.has(path)) continue;
    const res = await request.get(path);
    if (!res.ok() || !(res.headers()['content-type'] ?? '').includes('text/html')) {
      pages.set(path, { path, html: '', ids: new Set(), links: [], assets: [] });
      continue;
    }
    const html = await res.text();
    const ids = new Set(attr(html, /\sid="([^"]+)"/g));
    const links = attr(html, /<a\s[^>]*href="([^"]+)"/g).filter((href) => !/^(https?:|mailto:|\/\/)/.test(href));
    const assets = [
      ...attr(html, /<script[^>]*\ssrc="([^"]+)"/g),
      ...attr(html, /<link[^>]*\shref="([^"]+)"/g),
      ...attr(html, /<img[^>]*\ssrc="([^"]+)"/g),
    ].filter((href) => href.startsWith('/') && !href.startsWith('//'));
    pages.set(path, { path, html, ids, links, assets });
    for (const link of links) {
      const target = new URL(link, `http://x${path}`);
      if (target.pathname.endsWith('/') || !/\.[a-z0-9]+$/i.test(target.pathname)) queue.push(target.pathname);
    }
  }
  return pages;
}

/** Internal links of the crawled pages that lead nowhere: a page not served, or a #anchor it lacks. */
export function brokenLinks(pages: Map<string, CrawledPage>): string[] {
  const broken: string[] = [];
  for (const p of pages.values()) {
    for (const link of p.links) {
      const target = new URL(link, `http://x${p.path}`);
      const page = pages.get(target.pathname);
      if (!page) {
        if (/\.[a-z0-9]+$/i.test(target.pathname)) continue; // a file link: checked by the header test's assets
        broken.push(`${p.path} -> ${link} (not crawled)`);
      } else if (!page.html) broken.push(`${p.path} -> ${link} (not a page)`);
      else if (target.hash && !page.ids.has(decodeURIComponent(target.hash.slice(1)))) broken.push(`${p.path} -> ${link} (no such anchor)`);
    }
  }
  return broken;
}
