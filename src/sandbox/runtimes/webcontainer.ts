// The WebContainer runtime: Node running inside the reader's browser tab. Deliberately thin: it maps
// the Runtime interface onto @webcontainer/api and adds the one thing the API lacks, a boot timeout.
// WebContainer.boot() never settles when stackblitz.com cannot be reached, and its promise is cached
// for the page, so without a timeout the sandbox would spin forever.
import type { FileSystemTree, WebContainer } from '@webcontainer/api';
import { RuntimeUnavailableError, type FileTree, type Runtime, type RuntimeProcess, type SpawnOptions } from '../core/runtime.ts';
import { createProcessOutput } from '../core/process-output.ts';

export const BOOT_TIMEOUT_MS = 20_000;
const FIRST_PORT = 3001;

export const BOOT_CAUSES = [
  'you are offline, or a network, proxy or browser extension blocks stackblitz.com',
  'third-party cookies or storage are blocked for this site',
  'this browser does not support WebContainers (use a Chromium-based browser, Firefox, or Safari 16.4+)',
];
export const BOOT_REMEDIES = [
  'reload the page to try again',
  'serve the site with `npm start` and choose "Runs on this machine (local Node)"',
  'read the recorded output below, captured from a real run under Node',
];

/** Turn flat "a/b.js" paths into the nested tree WebContainer.mount expects. */
export function toFileSystemTree(files: FileTree): FileSystemTree {
  const tree: FileSystemTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    let node = tree;
    for (const dir of parts.slice(0, -1)) {
      const existing = node[dir];
      if (!existing || !('directory' in existing)) node[dir] = { directory: {} };
      node = (node[dir] as { directory: FileSystemTree }).directory;
    }
    node[parts[parts.length - 1]!] = { file: { contents } };
  }
  return tree;
}

/** Reasons WebContainers cannot work on this page, checked before booting. Empty when it may work. */
export function preflight(env: { crossOriginIsolated: boolean; hasSharedArrayBuffer: boolean; hasServiceWorker: boolean }): string[] {
  const problems: string[] = [];
  if (!env.crossOriginIsolated)
    problems.push('this page is not cross-origin isolated (the server must send Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy)');
  if (!env.hasSharedArrayBuffer) problems.push('this browser has no SharedArrayBuffer, which WebContainers need');
  if (!env.hasServiceWorker) problems.push('this browser has no service workers (private windows in some browsers disable them)');
  return problems;
}

export type BootFn = (options: { coep: 'require-corp'; workdirName: string }) => Promise<WebContainer>;

export class WebContainerRuntime implements Runtime {
  readonly kind = 'webcontainer' as const;
  private instance: Promise<WebContainer> | null = null;
  private nextPort = FIRST_PORT;
  private readonly bootFn: BootFn;
  private readonly timeoutMs: number;

  constructor(bootFn: BootFn, timeoutMs = BOOT_TIMEOUT_MS) {
    this.bootFn = bootFn;
    this.timeoutMs = timeoutMs;
  }

  boot(): Promise<void> {
    this.instance ??= new Promise<WebContainer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new RuntimeUnavailableError(`WebContainer did not start within ${this.timeoutMs / 1000} s.`, BOOT_CAUSES, BOOT_REMEDIES)),
        this.timeoutMs,
      );
      this.bootFn({ coep: 'require-corp', workdirName: 'lifecycle-lab' }).then(
        (wc) => {
          clearTimeout(timer);
          resolve(wc);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(new RuntimeUnavailableError(`WebContainer failed to start: ${err instanceof Error ? err.message : String(err)}`, BOOT_CAUSES, BOOT_REMEDIES));
        },
      );
    });
    return this.instance.then(() => undefined);
  }

  private async wc(): Promise<WebContainer> {
    await this.boot();
    return this.instance!;
  }

  async mount(dir: string, files: FileTree): Promise<void> {
    const wc = await this.wc();
    await wc.fs.rm(dir, { recursive: true, force: true });
    await wc.fs.mkdir(dir, { recursive: true });
    await wc.mount(toFileSystemTree(files), { mountPoint: dir });
  }

  async writeFile(dir: string, path: string, contents: string): Promise<void> {
    const wc = await this.wc();
    const slash = path.lastIndexOf('/');
    if (slash > 0) await wc.fs.mkdir(`${dir}/${path.slice(0, slash)}`, { recursive: true });
    await wc.fs.writeFile(`${dir}/${path}`, contents);
  }

  async spawn(dir: string, args: string[], options: SpawnOptions = {}): Promise<RuntimeProcess> {
    const wc = await this.wc();
    const proc = await wc.spawn('node', args, { cwd: dir, env: options.env ?? {} });
    const output = createProcessOutput();
    void proc.output.pipeTo(new WritableStream({ write: (chunk) => output.push(chunk) })).catch(() => {});
    const input = proc.input.getWriter();
    let exited = false;
    const exit = proc.exit.then((code) => {
      exited = true;
      return code;
    });
    return {
      onOutput: output.listen,
      exit,
      write: (data) => {
        if (!exited) void input.write(data).catch(() => {});
      },
      // WebContainer's kill() takes no signal; it ends the process and the ones it started.
      kill: async () => {
        if (!exited) proc.kill();
        await exit;
      },
    };
  }

  async allocatePort(): Promise<number> {
    return this.nextPort++;
  }

  async dispose(): Promise<void> {
    if (!this.instance) return;
    const wc = await this.instance.catch(() => null);
    wc?.teardown();
    this.instance = null;
  }
}
