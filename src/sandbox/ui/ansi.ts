// Turns text with ANSI SGR colour codes (what node and the examples print) into DOM spans.
// Only colours, bold and dim are kept; every other escape sequence is dropped.
import { escapePattern } from '../core/ansi.ts';

const COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

export interface AnsiState {
  fg: string | null;
  bold: boolean;
  dim: boolean;
}

export const initialAnsiState = (): AnsiState => ({ fg: null, bold: false, dim: false });

function apply(state: AnsiState, codes: number[]): void {
  for (const code of codes.length ? codes : [0]) {
    if (code === 0) Object.assign(state, initialAnsiState());
    else if (code === 1) state.bold = true;
    else if (code === 2) state.dim = true;
    else if (code === 22) state.bold = state.dim = false;
    else if (code === 39) state.fg = null;
    else if (code >= 30 && code <= 37) state.fg = COLORS[code - 30]!;
    else if (code >= 90 && code <= 97) state.fg = COLORS[code - 90]!;
  }
}

/** Split text into styled runs, updating `state` so the next chunk continues where this one ended. */
export function ansiRuns(text: string, state: AnsiState): Array<{ text: string; classes: string[] }> {
  const runs: Array<{ text: string; classes: string[] }> = [];
  const pattern = escapePattern();
  let last = 0;
  const push = (part: string) => {
    if (!part) return;
    const classes = [state.fg && `ansi-${state.fg}`, state.bold && 'ansi-bold', state.dim && 'ansi-dim'].filter(Boolean) as string[];
    runs.push({ text: part, classes });
  };
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    push(text.slice(last, m.index));
    if (m[2] === 'm') apply(state, m[1] ? m[1].split(';').map(Number) : []);
    last = pattern.lastIndex;
  }
  push(text.slice(last).replace(/\r(?!\n)/g, ''));
  return runs;
}
