// The example as a project to take home: the reader's current files, a package.json whose start
// script is the sandbox's own command, and a README that says how to run it with plain Node and
// which curl commands reproduce the suggested requests. DOM-free: the StackBlitz and Download
// controls both send exactly this. A Python example gets a requirements.txt with the site's pins
// instead of the package.json, and a README that makes a virtual environment and runs its command.
import type { Language, SuggestedRequest } from '../../core/example.ts';
import type { FileTree } from '../../core/runtime.ts';

export interface ProjectSource {
  id: string;
  title: string;
  command: string[];
  requests: SuggestedRequest[];
  /** "python" for a FastAPI example (default "node"). */
  language?: Language;
  /** Python only: the lines of content/claims/python/requirements.txt that pin a package
   * ("fastapi==0.142.2", …), read at build time (src/components/Sandbox.astro). */
  pins?: string[];
}

/** The examples listen on process.env.PORT, and on 3000 without it. */
export const HOME_PORT = 3000;

const shellQuote = (s: string) => (/^[\w./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function curlCommand(r: SuggestedRequest, port = HOME_PORT): string {
  const parts = ['curl', '-s'];
  if (r.method !== 'GET') parts.push('-X', r.method);
  if (r.body !== undefined) parts.push('--data', shellQuote(r.body));
  parts.push(shellQuote(`http://127.0.0.1:${port}${r.path}`));
  const one = parts.join(' ');
  // A burst, sent all at once as the sandbox does.
  return r.count && r.count > 1 ? `for i in $(seq ${r.count}); do ${one} & done; wait` : one;
}

/** A request's note, said for a terminal instead of the sandbox: there is no Run, Restart or Kill
 * button at home, only the command, Ctrl-C and `kill`. */
export function homeNote(note: string): string {
  const sentenceStart = (text: string, at: number) => at === 0 || /[.!?:]\s$/.test(text.slice(0, at));
  return note
    .replace(/Press Run to start it again\./g, 'Start it again with the command above.')
    .replace(/\s*\(its row in the processes table\)/g, '')
    .replace(/\bKill a worker\b/g, 'kill a worker (`kill <pid>` in another terminal)')
    .replace(/\bPress it again/g, 'Send it again')
    .replace(/\s*\(Restart\)/g, ' (Ctrl-C, then start it again)')
    .replace(/\bRestart\b/g, (_m, at: number, text: string) => `${sentenceStart(text, at) ? 'Restart' : 'restart'} it (Ctrl-C, then the command again)`);
}

/** The command a terminal runs, on HOME_PORT: uvicorn takes --port; gunicorn binds 0.0.0.0:$PORT
 * when PORT is set, and `python app.py` reads PORT itself. */
export function pythonHomeCommand(command: string[]): string {
  return command[0] === 'uvicorn' ? [...command, '--port', String(HOME_PORT)].join(' ') : `PORT=${HOME_PORT} ${command.join(' ')}`;
}

export function requirementsText(source: ProjectSource): string {
  if (!source.pins?.length) throw new Error(`${source.id}: a Python example needs its pinned versions (pins)`);
  return `${source.pins.join('\n')}\n`;
}

function requestLines(source: ProjectSource): string[] {
  const lines: string[] = [];
  if (source.requests.length) {
    lines.push('', '## Send the suggested requests', '', 'In another terminal:', '');
    for (const r of source.requests) {
      if (r.note) lines.push(homeNote(r.note), '');
      lines.push('```sh', curlCommand(r), '```', '');
    }
  }
  return lines;
}

/** What differs between a Node and a Python example's README: what it needs, how to run it, and
 * what to know once it runs. */
function runSection(source: ProjectSource): { needs: string; runWith: string; commands: string[]; running: string; markers: string } {
  if (source.language === 'python')
    return {
      needs: 'It needs FastAPI and its servers, at the versions the site verifies its claims against (requirements.txt).',
      runWith: 'With Python 3.10 or later, in this folder:',
      commands: ['python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt', pythonHomeCommand(source.command)],
      running: `It listens on port ${HOME_PORT}: http://127.0.0.1:${HOME_PORT}/. In a new terminal, activate the environment again first (\`. .venv/bin/activate\`).`,
      markers: ' (lab.py)',
    };
  return {
    needs: 'It uses only Node built-ins: nothing to install.',
    runWith: 'With Node 20 or later (the site runs it under Node 20, as StackBlitz does; it is tested under Node 20 and 24):',
    commands: [['node', ...source.command].join(' ')],
    running: `It listens on http://127.0.0.1:${HOME_PORT}/ (set \`PORT\` to change that). \`npm start\` runs the same command.`,
    markers: '',
  };
}

export function readme(source: ProjectSource): string {
  const run = runSection(source);
  const lines = [
    `# ${source.title}`,
    '',
    `A live example from Lifecycle Lab (\`${source.id}\`), with your edits as they were when you took it home.`,
    run.needs,
    '',
    '## Run it',
    '',
    run.runWith,
    '',
    '```sh',
    ...run.commands,
    '```',
    '',
    run.running,
    `Lines starting with \`[lab]\` are the markers the sandbox draws its timeline from${run.markers}; they are ordinary logs.`,
    ...requestLines(source),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

export function projectFiles(source: ProjectSource, files: FileTree): FileTree {
  if (source.language === 'python') return { ...files, 'README.md': readme(source), 'requirements.txt': requirementsText(source) };
  const pkg = { name: `lifecycle-lab-${source.id}`, private: true, description: source.title, scripts: { start: ['node', ...source.command].join(' ') } };
  return { ...files, 'README.md': readme(source), 'package.json': `${JSON.stringify(pkg, null, 2)}\n` };
}
