// A line diff for showing what a share link changed before the reader loads it: the longest common
// subsequence of lines, as kept / removed / added lines. Examples are small; past a size where the
// table would be too big, the whole old file is shown removed and the whole new one added.

export type DiffLine = { op: ' ' | '-' | '+'; text: string };

const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_CELLS) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < a.length) out.push({ op: '-', text: a[i++]! });
  while (j < b.length) out.push({ op: '+', text: b[j++]! });
  return out;
}

// What a diff must not let hide. Code can look unlike what runs: characters that are invisible or
// that reorder the text around them (bidi controls, "Trojan Source", CVE-2021-42574), and a payload
// pushed far to the right by a run of spaces. The share banner and the editor show them as marks.

/** Invisible and direction-changing characters: every format character (Unicode category Cf: bidi
 * controls U+202A-202E and U+2066-2069, U+200E/F, U+061C, zero-width U+200B-200D, U+2060, U+FEFF, tag
 * characters…), control characters but the tab (a carriage return too), the line and paragraph
 * separators, variation selectors, and letters and spaces that render blank (U+115F, U+1160,
 * U+3164, U+FFA0, U+2800). Source only, for CodeMirror's `addSpecialChars`; use with the `u` flag. */
export const INVISIBLE_SOURCE =
  '[\\p{Cf}\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u115F\\u1160\\u2800\\u3164\\uFFA0\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}]';
const INVISIBLE = new RegExp(INVISIBLE_SOURCE, 'u');

const NAMES: Record<number, string> = {
  0: 'null',
  13: 'carriage return',
  27: 'escape',
  173: 'soft hyphen',
  1564: 'arabic letter mark',
  8203: 'zero width space',
  8204: 'zero width non-joiner',
  8205: 'zero width joiner',
  8206: 'left-to-right mark',
  8207: 'right-to-left mark',
  8234: 'left-to-right embedding',
  8235: 'right-to-left embedding',
  8236: 'pop directional formatting',
  8237: 'left-to-right override',
  8238: 'right-to-left override',
  8288: 'word joiner',
  8294: 'left-to-right isolate',
  8295: 'right-to-left isolate',
  8296: 'first strong isolate',
  8297: 'pop directional isolate',
  8232: 'line separator',
  8233: 'paragraph separator',
  65279: 'zero width no-break space',
};

/** "U+202E" */
export const codePointLabel = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** "U+202E right-to-left override: changes the order text is shown in" */
export function invisibleName(code: number): string {
  const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f || code === 0x061c;
  return `${codePointLabel(code)} ${NAMES[code] ?? 'invisible character'}: ${bidi ? 'changes the order text is shown in' : 'shows as nothing'}`;
}

/** A run of spaces or tabs this long inside or at the end of a line is marked (it can push code out of sight). */
export const LONG_GAP = 16;
/** Indentation deeper than this is marked too. */
export const LONG_INDENT = 40;

/** A piece of a line as shown: plain text, or a mark standing for a hidden character or a long gap. */
export type Segment = { text: string } | { mark: string; title: string; hidden: string };

/** A line cut into plain text and marks: every invisible character and every long run of whitespace. */
export function segments(line: string): Segment[] {
  const out: Segment[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ text: plain });
    plain = '';
  };
  const gap = /[ \t]+/y;
  for (let i = 0; i < line.length; ) {
    gap.lastIndex = i;
    const run = gap.exec(line)?.[0];
    if (run) {
      if (run.length > (i === 0 ? LONG_INDENT : LONG_GAP - 1)) {
        flush();
        const what = run.includes('\t') ? 'spaces and tabs' : 'spaces';
        out.push({ mark: `⟨${run.length} ${what}⟩`, title: `${run.length} ${what}: code after them would be far to the right`, hidden: run });
      } else plain += run;
      i += run.length;
      continue;
    }
    const code = line.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    if (INVISIBLE.test(char)) {
      flush();
      out.push({ mark: `⟨${codePointLabel(code)}⟩`, title: invisibleName(code), hidden: char });
    } else plain += char;
    i += char.length;
  }
  flush();
  return out;
}

/** How many marks the lines hold, by kind: a sentence for the banner, or null when there are none. */
export function hiddenSummary(lines: string[]): string | null {
  let chars = 0;
  let gaps = 0;
  for (const line of lines)
    for (const segment of segments(line))
      if ('mark' in segment) {
        if (/^[ \t]+$/.test(segment.hidden)) gaps++;
        else chars++;
      }
  const parts = [
    chars ? `${chars} invisible or direction-changing character${chars === 1 ? '' : 's'}` : '',
    gaps ? `${gaps} long run${gaps === 1 ? '' : 's'} of spaces` : '',
  ].filter(Boolean);
  return parts.length ? `Marked below: ${parts.join(' and ')}. Code can look different from what runs; read the marks.` : null;
}
