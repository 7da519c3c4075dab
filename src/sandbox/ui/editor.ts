// The code editor: a small CodeMirror 6 setup (no basicSetup, to keep the bundle lean), with
// JavaScript highlighting through class names so the colours follow the site's light/dark theme.
import { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, indentOnInput, bracketMatching } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';
import { classHighlighter } from '@lezer/highlight';

export interface Editor {
  view: EditorView;
  getText(): string;
  setText(text: string): void;
}

export function createEditor(parent: HTMLElement, path: string, text: string, onChange: (text: string) => void): Editor {
  let silent = false;
  const language = /\.(c|m)?js$/.test(path) ? [javascript()] : [];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(classHighlighter),
        ...language,
        // Tab indents; Escape then Tab moves focus on (CodeMirror's documented escape hatch).
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'aria-label': `Edit ${path}` }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !silent) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(next) {
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      silent = false;
    },
  };
}
