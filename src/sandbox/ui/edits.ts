// The reader's version of one example's files: what the editors show, what localStorage keeps,
// and what a share link carries. No DOM: the sandbox controller turns the results into notices.
import type { FileTree } from '../core/runtime.ts';
import { clearEdits, diffFiles, loadEdits, saveEdits, type SaveResult } from '../core/persistence.ts';
import { confirmationNeeded } from './trust.ts';

export interface EditsConfig {
  id: string;
  anchor: string;
  /** Hash of the original example, to notice when it changed under saved edits. */
  hash: string;
  files: FileTree;
  paths: string[];
}

export type OpenedShare = { ok: false; error: string } | { ok: true; files: FileTree; replacesOwnEdits: boolean };

export class Edits {
  files: FileTree;
  private readonly config: EditsConfig;
  private readonly storage: Storage | null;
  private readonly dirty = new Set<string>();
  /** The files came from a share link (this page load), not from the reader. */
  fromLink = false;
  private confirmed = false;

  constructor(config: EditsConfig, storage: Storage | null) {
    this.config = config;
    this.storage = storage;
    this.files = { ...config.files };
  }

  /** Load saved edits. Returns a warning when the original changed since they were made. */
  restore(): string | null {
    const saved = loadEdits(this.storage, this.config.id);
    if (!saved) return null;
    const known = Object.fromEntries(Object.entries(saved.files).filter(([path]) => path in this.config.files));
    this.files = { ...this.config.files, ...known };
    return saved.base === this.config.hash
      ? null
      : 'This example changed since you edited it. Your edited version is shown; press Reset to see the new original.';
  }

  /** Whether the files differ from the original (beyond whitespace). */
  get edited(): boolean {
    return Object.keys(diffFiles(this.config.files, this.files)).length > 0;
  }

  /** The reader typed. */
  set(path: string, text: string): void {
    this.files[path] = text;
    this.dirty.add(path);
  }

  /** Paths changed since the last call: they still need writing to the runtime. */
  takeDirty(): string[] {
    const paths = [...this.dirty];
    this.dirty.clear();
    return paths;
  }

  save(): SaveResult {
    return saveEdits(this.storage, this.config.id, this.config.hash, this.config.files, this.files);
  }

  reset(): SaveResult {
    this.files = { ...this.config.files };
    this.dirty.clear();
    this.fromLink = false;
    return clearEdits(this.storage, this.config.id);
  }

  /** Decode a share link's payload; says whether using it would replace edits of the reader's own. */
  async openShare(payload: string): Promise<OpenedShare> {
    // The share codec (lz-string) loads only when a link is shared or opened.
    const { decodeSharePayload } = await import('../core/share.ts');
    const decoded = decodeSharePayload(payload, this.config.paths);
    if (!decoded.ok) return decoded;
    const files = { ...this.config.files, ...decoded.files };
    const mine = diffFiles(this.config.files, this.files);
    const replacesOwnEdits = Object.keys(mine).length > 0 && JSON.stringify(diffFiles(this.config.files, files)) !== JSON.stringify(mine);
    return { ok: true, files, replacesOwnEdits };
  }

  /** Take another version of the files (from a share link). Not saved: a link's code becomes the reader's
   * own only once they run or edit it (see claim()). */
  adopt(files: FileTree): void {
    this.files = { ...files };
    this.dirty.clear();
    this.fromLink = true;
    this.confirmed = false;
  }

  /** The reader ran or edited the link's code: from now on it is kept like their own edits. */
  claim(): SaveResult {
    return this.save();
  }

  /** The example as the site ships it. */
  get original(): FileTree {
    return this.config.files;
  }

  /** Files that differ from the original example. */
  changed(): string[] {
    return Object.keys(diffFiles(this.config.files, this.files));
  }

  /** What to ask before running these files on a runtime, or null when they may run. See trust.ts. */
  confirmation(runtime: { kind: string; sandboxed?: boolean }): string | null {
    // Named fields, not a spread: on a runtime object `sandboxed` is a getter, which a spread drops.
    return confirmationNeeded({
      kind: runtime.kind,
      sandboxed: runtime.sandboxed,
      fromLink: this.fromLink,
      changed: this.changed().length > 0,
      confirmed: this.confirmed,
    });
  }

  /** The reader agreed to run the current files where the confirmation said. */
  confirm(): void {
    this.confirmed = true;
  }

  /** A link to this page whose fragment carries the edits of this example. */
  async shareLink(href: string): Promise<string> {
    const { encodeShare } = await import('../core/share.ts');
    const url = new URL(href);
    url.hash = encodeShare(this.config.anchor, diffFiles(this.config.files, this.files)).slice(1);
    return url.toString();
  }
}
