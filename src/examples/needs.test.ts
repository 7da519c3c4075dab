// Each example's manifest says what it needs from the runtime, and the code agrees: an example that
// uses cluster, fork, a SIGTERM handler, --watch or worker_threads without saying so would reach a
// reader's browser unchecked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listExampleIds, loadExample } from './load.ts';
import type { CapabilityId } from '../sandbox/core/capabilities.ts';

const USES: Array<[CapabilityId, (code: string, command: string[]) => boolean]> = [
  ['cluster', (code) => /require\(['"](node:)?cluster['"]\)/.test(code)],
  ['fork-ipc', (code) => /require\(['"](node:)?child_process['"]\)/.test(code) && /\bfork\(/.test(code)],
  ['sigterm', (code) => /process\.(on|once)\(['"]SIGTERM['"]/.test(code)],
  ['watch', (_code, command) => command.includes('--watch')],
  ['worker-threads', (code) => /require\(['"](node:)?worker_threads['"]\)/.test(code)],
];

test('every example declares the capabilities its code uses', () => {
  for (const id of listExampleIds()) {
    const example = loadExample(id);
    const code = Object.entries(example.files)
      .filter(([path]) => path !== 'lab.js')
      .map(([, text]) => text)
      .join('\n');
    for (const [capability, uses] of USES)
      if (uses(code, example.command)) assert.ok(example.needs?.includes(capability), `${id} uses ${capability} but its manifest does not list it in "needs"`);
  }
});
