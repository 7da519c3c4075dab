// Output of a runtime process: chunks are kept until the first listener attaches, so nothing a
// process prints before the UI subscribes is lost. Shared by every runtime.

export interface ProcessOutput {
  push(chunk: string): void;
  listen(listener: (chunk: string) => void): void;
}

export function createProcessOutput(): ProcessOutput {
  const listeners: Array<(chunk: string) => void> = [];
  const pending: string[] = [];
  return {
    push(chunk) {
      if (listeners.length === 0) pending.push(chunk);
      for (const l of listeners) l(chunk);
    },
    listen(listener) {
      listeners.push(listener);
      for (const chunk of pending.splice(0)) listener(chunk);
    },
  };
}
