// Root-relative links written in the guides ("/guides/deployment/") must carry the site's base path
// when it is not "/" (GitHub Pages serves a project under /<repo>/). Starlight and Astro prefix their
// own links and assets; after the build, this adds the base to the links written in the content.
// (Astro 7's default Markdown processor takes no rehype plugins, hence the post-build step.)
export function withBase(href: string, base: string): string {
  const prefix = base.replace(/\/$/, '');
  if (!prefix || !href.startsWith('/') || href.startsWith('//') || href === prefix || href.startsWith(`${prefix}/`)) return href;
  return prefix + href;
}

/** Prefix the base to every root-relative href of a built HTML page. */
export function rebaseHtml(html: string, base: string): string {
  return html.replace(/\shref="([^"]*)"/g, (_whole, href: string) => ` href="${withBase(href, base)}"`);
}
