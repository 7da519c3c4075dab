// Share links: the URL fragment names the sandbox's anchor and carries its edited files,
// compressed: #example-hello~<lz-string payload>. Opening such a link restores those files
// into that sandbox only. A damaged link is reported, and the original is kept.
// lz-string is CommonJS: a default import works in both Node and the browser bundle.
import LZString from 'lz-string';
import type { FileTree } from './runtime.ts';

import { SHARE_SEPARATOR } from './share-hash.ts';

const VERSION = 1;

export function encodeShare(anchor: string, files: FileTree): string {
  return `#${anchor}${SHARE_SEPARATOR}${LZString.compressToEncodedURIComponent(JSON.stringify({ v: VERSION, files }))}`;
}

export type DecodedShare = { ok: true; files: FileTree } | { ok: false; error: string };

export function decodeSharePayload(payload: string, allowedPaths: string[]): DecodedShare {
  const broken = {
    ok: false as const,
    error: 'This share link is damaged or incomplete, so the original example is shown. Ask for the link again, or copy it whole.',
  };
  let data: unknown;
  try {
    const json = LZString.decompressFromEncodedURIComponent(payload);
    if (!json) return broken;
    data = JSON.parse(json);
  } catch {
    return broken;
  }
  const files = (data as { v?: number; files?: unknown })?.files;
  if ((data as { v?: number }).v !== VERSION || typeof files !== 'object' || files === null) return broken;
  const out: FileTree = {};
  for (const [path, contents] of Object.entries(files)) {
    if (typeof contents !== 'string') return broken;
    // Only files the example has: a link cannot add files the reader cannot see.
    if (!allowedPaths.includes(path))
      return { ok: false, error: `This share link names a file the example does not have (${path}), so the original example is shown.` };
    out[path] = contents;
  }
  return { ok: true, files: out };
}
