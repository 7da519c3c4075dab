// What a session learns from its server process while it runs: the output, split into lines for
// the lab's marker events; the port the server really listens on; and the moment it listens.
// Two sources say that it listens, and the first one wins:
// - the server's own `[lab] listening port=N` marker (content/examples/_shared/lab.js);
// - the runtime seeing the socket open (RuntimeProcess.onListen).
// Either source may also move the port, when the code listens somewhere other than PORT (port-discovery.ts).
import { isListeningOn } from './listening.ts';
import { LineSplitter, parseMarker, type LabEvent } from './events.ts';
import { PortDiscovery, type PortChange } from './port-discovery.ts';
import type { RuntimeProcess } from './runtime.ts';

export interface ServerWatchHooks {
  now(): number;
  /** False once this server is no longer the session's (Stop, or Run again): its port news is ignored. */
  current(): boolean;
  output(chunk: string): void;
  /** Every marker event, a late one from a replaced server included (the timeline keeps its history). */
  event(event: LabEvent): void;
  /** The server listens on another port than the one it was asked to use. */
  moved(change: PortChange): void;
  /** After the last line was read, so a last line printed without a newline still counts. */
  exit(code: number): void;
}

export class ServerWatch {
  /** Resolves when the server listens on `port` (as it stands then). */
  readonly listening: Promise<void>;
  /** The PID its first `start` marker gave (the sandbox's own numbering under bwrap), for a graceful stop. */
  pid: number | null = null;
  private readonly ports: PortDiscovery;

  constructor(server: RuntimeProcess, asked: number, hooks: ServerWatchHooks) {
    let heard = () => {};
    this.listening = new Promise<void>((resolve) => (heard = resolve));
    this.ports = new PortDiscovery(asked, (change) => hooks.current() && hooks.moved(change));
    server.onListen?.((port) => {
      this.ports.fromRuntime(port);
      if (port === this.port) heard(); // the runtime saw the socket open: as good as the marker
    });
    const lines = new LineSplitter();
    const onLine = (line: string) => {
      const event = parseMarker(line, hooks.now());
      if (!event) return;
      if (event.type === 'start' && this.pid === null && hooks.current()) this.pid = event.pid;
      this.ports.fromEvent(event); // may move the port to where the server really listens
      hooks.event(event);
      if (isListeningOn(event, this.port)) heard();
    };
    server.onOutput((chunk) => {
      hooks.output(chunk);
      lines.push(chunk, onLine);
    });
    void server.exit.then((code) => {
      lines.flush(onLine);
      hooks.exit(code);
    });
  }

  /** Where requests go: the asked port, or the one the server was found listening on. */
  get port(): number {
    return this.ports.port;
  }
}
