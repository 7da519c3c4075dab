// "Download": the example's current files, with a README and package.json, as a .zip (client-zip:
// the smallest maintained zip writer, about 2.7 KB gzip). Loaded only when the reader presses it.
import { downloadZip } from 'client-zip';
import type { FileTree } from '../../core/runtime.ts';
import { projectFiles, type ProjectSource } from './project.ts';

export async function downloadProject(source: ProjectSource, files: FileTree): Promise<void> {
  const folder = `lifecycle-lab-${source.id}`;
  const lastModified = new Date();
  const entries = Object.entries(projectFiles(source, files)).map(([path, input]) => ({ name: `${folder}/${path}`, input, lastModified }));
  const blob = await downloadZip(entries).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${folder}.zip`;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
