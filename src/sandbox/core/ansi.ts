// The one definition of a terminal escape sequence, for everything that reads process output: the
// output view (keeps colours), the marker parser and the transcript recorder (drop everything).

/**
 * CSI sequences (colours, cursor moves; group 1 = parameters, group 2 = final byte), OSC sequences
 * (titles, hyperlinks), and two-byte escapes such as ESC c, the "clear screen" that `node --watch`
 * prints before each restart.
 */
export const ESCAPE_SOURCE = String.raw`\x1b\[([0-9;?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^[\]]`;

/** A fresh global matcher (a global RegExp carries lastIndex, so each caller gets its own). */
export const escapePattern = (): RegExp => new RegExp(ESCAPE_SOURCE, 'g');

/** The text without any escape sequence. */
export function stripAnsi(text: string): string {
  return text.replace(escapePattern(), '');
}
