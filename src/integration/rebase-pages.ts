// Applies rebaseHtml (base-links.ts) to every built HTML page.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebaseHtml } from './base-links.ts';

export async function rebasePages(dir: URL, base: string): Promise<number> {
  let count = 0;
  const root = fileURLToPath(dir);
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = join(entry.parentPath, entry.name);
    const html = await readFile(path, 'utf8');
    const rebased = rebaseHtml(html, base);
    if (rebased !== html) {
      await writeFile(path, rebased);
      count++;
    }
  }
  return count;
}
