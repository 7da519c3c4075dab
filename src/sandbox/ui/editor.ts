// The code editor: a small CodeMirror 6 setup (no basicSetup, to keep the bundle lean), with
// JavaScript highlighting through class names so the colours follow the site's light/dark theme.
// Invisible and direction-changing characters show as marks, as in a share link's diff.
import { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine, highlightSpecialChars } from '@codemirror/view';
import { EditorState, type Extension } from '@codemirror/state';
import { standardKeymap, history, historyKeymap, indentWithTab, toggleComment } from '@codemirror/commands';
import { syntaxHighlighting } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { h, uid } from './dom.ts';
import { INVISIBLE_SOURCE, codePointLabel, invisibleName } from '../core/line-diff.ts';

/** CodeMirror's special characters (controls, some bidi and zero-width ones) plus every other
 * invisible or direction-changing one, each shown as a mark that names it: in place of the character,
 * so it cannot reorder the code around it. */
const invisibles = highlightSpecialChars({
  addSpecialChars: new RegExp(INVISIBLE_SOURCE, 'u'),
  render: (code) => {
    const name = invisibleName(code);
    return h('span', { class: 'cm-specialChar lab-invisible', title: name, 'aria-label': name }, `⟨${codePointLabel(code)}⟩`);
  },
});

export interface Editor {
  view: EditorView;
  setText(text: string): void;
}

/** Tab indents here, so keyboard users need to be told the way out. CodeMirror's advice: say it
 * visibly while the editor has focus, and tie the text to the editor with aria-describedby. */
const LEAVE_HINT = 'Press Esc then Tab to leave the editor';

/** `language`: the file's syntax (javascript/language.ts), or none: the text is shown plain. */
export function createEditor(parent: HTMLElement, path: string, text: string, onChange: (text: string) => void, language: Extension | null): Editor {
  let silent = false;
  const hint = h('p', { class: 'lab-editor-hint', id: uid('lab-editor-hint') }, LEAVE_HINT);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        invisibles,
        syntaxHighlighting(classHighlighter),
        EditorView.lineWrapping,
        ...(language ? [language] : []),
        // Tab indents; Escape then Tab moves focus on (CodeMirror's documented escape hatch).
        keymap.of([...standardKeymap, ...historyKeymap, indentWithTab, { key: 'Mod-/', run: toggleComment }]),
        // tabindex 0 changes nothing for the browser (the content is editable, so focusable), but it
        // tells checkers such as axe that the editor's scrolling box is reachable by keyboard.
        EditorView.contentAttributes.of({ 'aria-label': `Edit ${path}`, 'aria-describedby': hint.id, tabindex: '0' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !silent) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  parent.append(hint);
  return {
    view,
    setText(next) {
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      silent = false;
    },
  };
}
