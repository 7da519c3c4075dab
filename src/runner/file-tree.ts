// Making a folder hold exactly a page's files, without ever following what an example made there.
// Example code can leave a symlink, a FIFO or a device where an example file belongs, or links that
// point back at their own folder (`ln -s . a; ln -s . b`). So: a hand-written walk with lstat that
// never descends into a link and stops at a fixed depth and count (never a recursive library walk),
// and files opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat before a byte is read or
// written. Inside the OS sandbox the supervisor runs this on the session's own filesystem; without
// the sandbox the runner runs it on the session's folder on this machine.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RefusedError, resolveInside } from './paths.ts';

/** Deeper than any example; a tree past it (or past MAX_ENTRIES) is cut, not walked. */
const MAX_DEPTH = 16;
const MAX_ENTRIES = 10_000;
const NOFOLLOW = constants.O_NOFOLLOW | constants.O_NONBLOCK;

interface Entry {
  path: string;
  kind: 'dir' | 'file' | 'other';
}

/** Every entry below `folder`, deepest first, links and special files reported as 'other' and never entered. */
function walk(folder: string): Entry[] {
  const found: Entry[] = [];
  const visit = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (found.length >= MAX_ENTRIES) return;
      const path = join(dir, name);
      let kind: Entry['kind'] = 'other';
      try {
        const stat = lstatSync(path);
        kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
      } catch {
        continue;
      }
      if (kind === 'dir' && depth < MAX_DEPTH) visit(path, depth + 1);
      found.push({ path, kind });
    }
  };
  visit(folder, 0);
  return found;
}

/** Remove one entry that is not a folder, or an emptied folder; a folder that still holds something stays. */
function remove(entry: Entry): void {
  try {
    if (entry.kind === 'dir') rmdirSync(entry.path);
    else unlinkSync(entry.path);
  } catch {
    // not empty, or gone meanwhile
  }
}

/** A plain file's contents, or null for anything else (a link, a FIFO, a device, missing). Never blocks. */
function readPlain(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return null;
    const buffer = Buffer.alloc(stat.size);
    let at = 0;
    while (at < stat.size) {
      const n = readSync(fd, buffer, at, stat.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return buffer.subarray(0, at).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Make every folder on the way to `target` a real folder: whatever else holds a name there is removed first. */
function realFolders(folder: string, target: string): void {
  const parts = target
    .slice(folder.length + 1)
    .split('/')
    .slice(0, -1);
  let dir = folder;
  for (const part of parts) {
    dir = join(dir, part);
    let isDir = false;
    try {
      isDir = lstatSync(dir).isDirectory();
      if (!isDir) unlinkSync(dir);
    } catch {
      // missing: made below
    }
    if (!isDir) mkdirSync(dir);
  }
}

/** Write one file of the example, replacing a link or special file of that name instead of writing through it. */
export function writeInside(folder: string, path: string, contents: string): void {
  const target = resolveInside(folder, path);
  mkdirSync(folder, { recursive: true });
  realFolders(folder, target);
  try {
    if (!lstatSync(target).isFile()) remove({ path: target, kind: lstatSync(target).isDirectory() ? 'dir' : 'other' });
  } catch {
    // missing: created below
  }
  let fd: number;
  try {
    fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO') throw new RefusedError(`path ${JSON.stringify(path)} refused: not a plain file`);
    throw err;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new RefusedError(`path ${JSON.stringify(path)} refused: not a plain file`);
    writeSync(fd, contents);
  } finally {
    closeSync(fd);
  }
}

/** Make `folder` hold exactly `files`. A file whose contents are already there is not written again (a Run
 * mounts every time; rewriting would also wake `node --watch` for nothing). Every path is checked first,
 * so a refused tree leaves the folder as it was. */
export function syncTree(folder: string, files: Record<string, string>): void {
  const wanted = new Map(Object.entries(files).map(([path, contents]) => [resolveInside(folder, path), contents]));
  mkdirSync(folder, { recursive: true });
  for (const entry of walk(folder)) {
    // Links and special files go whatever their name; plain files not in the tree go; emptied folders go.
    if (entry.kind === 'other' || (entry.kind === 'file' && !wanted.has(entry.path))) remove(entry);
  }
  for (const [target, contents] of wanted) {
    if (readPlain(target) !== contents) writeInside(folder, target.slice(folder.length + 1), contents);
  }
  for (const entry of walk(folder)) if (entry.kind === 'dir') remove(entry);
}

/** Remove `folder` and everything in it, without following a link out of it. */
export function removeTree(folder: string): void {
  for (const entry of walk(folder)) remove(entry);
  // Folders past the walk's depth or count: walk again until nothing more goes.
  for (let round = 0; round < 8 && walk(folder).length > 0; round++) for (const entry of walk(folder)) remove(entry);
  remove({ path: folder, kind: 'dir' });
}
