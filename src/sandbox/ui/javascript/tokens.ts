// Hand-written tokenizers of @lezer/javascript 1.5.6 (src/tokens.js, MIT), for javascript.grammar:
// the JSX tag start and the TypeScript `noSemiType` token are gone with their dialects; the rest is
// upstream's, typed.
import { ContextTracker, ExternalTokenizer } from '@lezer/lr';
import { BlockComment, incdec, incdecPrefix, insertSemi, LineComment, newline, noSemi, questionDot, spaces } from './parser.terms.ts';

const space = [9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288];

/** Character codes. */
const ch = { braceR: 125, semicolon: 59, slash: 47, star: 42, plus: 43, minus: 45, question: 63, dot: 46 } as const;

/** The context is true right after a newline (comments and spaces keep it): where a semicolon may be inserted. */
export const trackNewline = new ContextTracker<boolean>({
  start: false,
  shift(context, term) {
    return term === LineComment || term === BlockComment || term === spaces ? context : term === newline;
  },
  strict: false,
});

export const insertSemicolon = new ExternalTokenizer(
  (input, stack) => {
    const { next } = input;
    if (next === ch.braceR || next === -1 || stack.context) input.acceptToken(insertSemi);
  },
  { contextual: true, fallback: true },
);

export const noSemicolon = new ExternalTokenizer(
  (input, stack) => {
    const { next } = input;
    if (space.indexOf(next) > -1) return;
    if (next === ch.slash) {
      const after = input.peek(1);
      if (after === ch.slash || after === ch.star) return;
    }
    if (next !== ch.braceR && next !== ch.semicolon && next !== -1 && !stack.context) input.acceptToken(noSemi);
  },
  { contextual: true },
);

export const operatorToken = new ExternalTokenizer(
  (input, stack) => {
    const { next } = input;
    if (next === ch.plus || next === ch.minus) {
      input.advance();
      if (next === input.next) {
        input.advance();
        const mayPostfix = !stack.context && stack.canShift(incdec);
        input.acceptToken(mayPostfix ? incdec : incdecPrefix);
      }
    } else if (next === ch.question && input.peek(1) === ch.dot) {
      input.advance();
      input.advance();
      if (input.next < 48 || input.next > 57) input.acceptToken(questionDot); // no digit after (`a?.5:b` is a conditional)
    }
  },
  { contextual: true },
);
