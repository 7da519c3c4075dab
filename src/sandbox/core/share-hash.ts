// Reading a share link's fragment (#<anchor>~<payload>) without decompressing it, so the page's
// small loader can tell which sandbox a link targets without loading lz-string.

export const SHARE_SEPARATOR = '~';

/** Which anchor a fragment points at, and whether it carries a payload. */
export function splitShareHash(hash: string): { anchor: string; payload: string | null } {
  const body = hash.replace(/^#/, '');
  const at = body.indexOf(SHARE_SEPARATOR);
  if (at < 0) {
    try {
      return { anchor: decodeURIComponent(body), payload: null };
    } catch {
      return { anchor: body, payload: null };
    }
  }
  return { anchor: body.slice(0, at), payload: body.slice(at + 1) };
}
