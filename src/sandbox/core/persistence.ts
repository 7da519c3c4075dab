// Reader edits, saved per example in localStorage. An entry remembers the hash of the original it
// was made from, so when the original changes the reader is told instead of silently losing either.
// Storage can be full or disabled (private windows, policies): every call reports that instead of throwing.
import type { FileTree } from './runtime.ts';
import { storageKey } from './storage-key.ts';

export interface SavedEdits {
  /** Hash of the original example the edits were made against. */
  base: string;
  /** Only the files that differ from the original. */
  files: FileTree;
  savedAt: string;
}

export type SaveResult = { ok: true } | { ok: false; error: string };

/** The words of a text, whitespace between them ignored: 'a  b\n' and 'a b' match, 'ab' does not. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

/** Whether a text differs from the original only in whitespace: a Tab pressed in the editor, an
 * indentation or a blank line. Such an edit is not an edit worth saving, sharing or restarting for. */
function onlyWhitespaceChanged(original: string, text: string): boolean {
  return original !== text && words(original) === words(text);
}

/** Files that differ from the original (added, or changed beyond whitespace). */
export function diffFiles(original: FileTree, current: FileTree): FileTree {
  const changed: FileTree = {};
  for (const [path, contents] of Object.entries(current)) {
    const before = original[path];
    if (before === undefined || (before !== contents && !onlyWhitespaceChanged(before, contents))) changed[path] = contents;
  }
  return changed;
}

export function describeStorageError(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED')
    return 'Your edits could not be saved: browser storage for this site is full. They stay in the editor until you leave the page; use Share to keep a copy.';
  return 'Your edits could not be saved: this browser does not allow storage for this site. They stay in the editor until you leave the page; use Share to keep a copy.';
}

export function loadEdits(storage: Storage | null, id: string): SavedEdits | null {
  try {
    const raw = storage?.getItem(storageKey(id));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as SavedEdits;
    if (typeof parsed?.base !== 'string' || typeof parsed.files !== 'object' || parsed.files === null) return null;
    for (const value of Object.values(parsed.files)) if (typeof value !== 'string') return null;
    return parsed;
  } catch {
    return null;
  }
}

export function saveEdits(storage: Storage | null, id: string, base: string, original: FileTree, current: FileTree): SaveResult {
  const files = diffFiles(original, current);
  try {
    if (!storage) throw new Error('no storage');
    if (Object.keys(files).length === 0) storage.removeItem(storageKey(id));
    else storage.setItem(storageKey(id), JSON.stringify({ base, files, savedAt: new Date().toISOString() } satisfies SavedEdits));
    return { ok: true };
  } catch (err) {
    return { ok: false, error: describeStorageError(err) };
  }
}

export function clearEdits(storage: Storage | null, id: string): SaveResult {
  try {
    storage?.removeItem(storageKey(id));
    return { ok: true };
  } catch (err) {
    return { ok: false, error: describeStorageError(err) };
  }
}

/** localStorage, or null where merely touching it throws (some privacy modes). */
export function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
