// "Open in StackBlitz": the example's current files as a new StackBlitz project (template 'node',
// which runs `npm start` in a WebContainer). Loaded only when the reader presses the button.
import sdk from '@stackblitz/sdk';
import type { FileTree } from '../../core/runtime.ts';
import { projectFiles, type ProjectSource } from './project.ts';

export function openInStackBlitz(source: ProjectSource, files: FileTree, open: string): void {
  // The SDK posts a form to stackblitz.com in a new tab: the files travel in that request.
  sdk.openProject(
    { title: `Lifecycle Lab: ${source.title}`, description: source.title, template: 'node', files: projectFiles(source, files) },
    { newWindow: true, openFile: open },
  );
}
