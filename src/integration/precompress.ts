// gzip and brotli copies of the built text assets, served by `npm start` (sirv) to browsers that accept them.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(html|js|mjs|css|svg|json|txt|xml|webmanifest)$/;

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

export async function precompress(dir: URL): Promise<number> {
  let count = 0;
  for await (const path of walk(fileURLToPath(dir))) {
    const data = await readFile(path);
    if (data.length < 1024) continue;
    await writeFile(`${path}.gz`, gzipSync(data, { level: 9 }));
    await writeFile(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    count++;
  }
  return count;
}
