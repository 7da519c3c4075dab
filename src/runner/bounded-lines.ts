// Lines from a process inside the OS sandbox, with a bound: example code can reach that process
// (or forge what it prints), so a line that never ends must not grow this side's memory. A line
// longer than `max` bytes is dropped whole, up to its newline, and counted.
import type { Readable } from 'node:stream';

export function boundedLines(input: Readable, max: number, onLine: (line: string) => void, onDropped: () => void = () => {}): void {
  let parts: Buffer[] = [];
  let size = 0;
  let dropping = false;
  input.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (!dropping && size + (nl - start) <= max) onLine(Buffer.concat([...parts, chunk.subarray(start, nl)]).toString('utf8'));
      parts = [];
      size = 0;
      dropping = false;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (dropping || rest.length === 0) return;
    if (size + rest.length > max) {
      dropping = true;
      parts = [];
      size = 0;
      onDropped();
      return;
    }
    parts.push(Buffer.from(rest));
    size += rest.length;
  });
}
