// The examples run under the node LAB_EXAMPLE_NODE names (CI: Node 20 and Node 24), not silently
// under the test runner's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { runExample, EXAMPLE_NODE } from './run.ts';

test('the examples run under the node that LAB_EXAMPLE_NODE names', async (t) => {
  const expected = execFileSync(EXAMPLE_NODE, ['--version'], { encoding: 'utf8' }).trim();
  const ex = await runExample('hello', {
    files: {
      'server.js': `console.log('version=' + process.version);\n${'require("node:http").createServer((q, r) => r.end()).listen(process.env.PORT, "127.0.0.1");'}`,
    },
    t,
  });
  await ex.waitFor(() => /version=/.test(ex.output()), 5000, 'the version line');
  assert.match(ex.output(), new RegExp(`version=${expected.replace(/\./g, '\\.')}\\b`));
});
