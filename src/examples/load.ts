// Reads live examples from content/examples on disk: used at build time by the Sandbox component,
// by the transcript recorder and by the example tests, so all three see exactly the same files.
import { isCapabilityId } from '../sandbox/core/capabilities.ts';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_FILE_BY_LANGUAGE, isPythonCommand, type Example, type ExampleManifest } from '../sandbox/core/example.ts';
import type { FileTree } from '../sandbox/core/runtime.ts';
import type { Transcript } from './transcript.ts';

/** The repository root: the nearest folder above this file holding content/examples. Found by walking
 * up rather than by a fixed relative path, because Astro bundles this file into dist/.prerender/ at build time. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'content', 'examples'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('content/examples not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot();
export const EXAMPLES_DIR = join(ROOT, 'content', 'examples');
export const TRANSCRIPTS_PATH = join(ROOT, 'content', 'transcripts');

function readTree(dir: string, root = dir, out: FileTree = {}): FileTree {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, root, out);
    else out[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8');
  }
  return out;
}

export function listExampleIds(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

export function loadExample(id: string): Example {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`bad example id ${JSON.stringify(id)}`);
  const manifest = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8')) as ExampleManifest;
  const files = readTree(join(EXAMPLES_DIR, id));
  const shared = SHARED_FILE_BY_LANGUAGE[manifest.language ?? 'node'];
  files[shared] ??= readFileSync(join(EXAMPLES_DIR, '_shared', shared), 'utf8');
  if ((manifest.language === 'python') !== isPythonCommand(manifest.command))
    throw new Error(`example ${id}: a command starting with uvicorn, gunicorn or python needs "language": "python", and only such a command`);
  if (!(manifest.open in files)) throw new Error(`example ${id}: open file ${manifest.open} does not exist`);
  for (const need of manifest.needs ?? []) if (!isCapabilityId(need)) throw new Error(`example ${id}: unknown capability ${JSON.stringify(need)} in needs`);
  return { id, ...manifest, files };
}

/** The recorded run of an example (content/transcripts/<id>.json), or null when none was recorded. */
export function readTranscript(id: string): Transcript | null {
  const path = join(TRANSCRIPTS_PATH, `${id}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Transcript) : null;
}
