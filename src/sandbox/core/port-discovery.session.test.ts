// The Node.js docs' cluster example, pasted as-is (it listens on a fixed port and ignores PORT),
// answers in a sandbox: the session follows it to its real port. Real processes, through the local
// runner's WebSocket exactly as the page drives it. (On WebContainer the same session listens to the
// `port` event instead: runtimes/webcontainer.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunnerSocketRuntime } from '../runtimes/runner-socket.ts';
import { Session } from './session.ts';
import { AGENT_SOURCE } from '../../examples/run.ts';
import { startRunner } from '../../test/runner-harness.ts';
import { freePort } from '../../runner/machine-runtime.ts';

// From https://nodejs.org/api/cluster.html (ESM), with only the port changed to a free one: this
// machine is shared, and 8000 may be taken.
const nodeDocsCluster = (port: number) => `import cluster from 'node:cluster';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import process from 'node:process';

const numCPUs = availableParallelism();

if (cluster.isPrimary) {
  console.log(\`Primary \${process.pid} is running\`);

  // Fork workers.
  for (let i = 0; i < numCPUs; i++) {
    cluster.fork();
  }

  cluster.on('exit', (worker, code, signal) => {
    console.log(\`worker \${worker.process.pid} died\`);
  });
} else {
  // Workers can share any TCP connection
  // In this case it is an HTTP server
  http.createServer((req, res) => {
    res.writeHead(200);
    res.end('hello world\\n');
  }).listen(${port});

  console.log(\`Worker \${process.pid} started\`);
}
`;

test("the Node docs' cluster example, pasted as-is, answers on its own port on the local runtime", {
  skip: process.platform !== 'linux' && 'reads /proc',
  timeout: 20_000,
}, async () => {
  const runner = await startRunner();
  const info = await RunnerSocketRuntime.detect(runner.base, runner.right);
  assert.ok(info);
  const runtime = new RunnerSocketRuntime(info);
  const port = await freePort();
  const session = new Session(runtime, { 'server.js': nodeDocsCluster(port) }, { dir: 'docs-cluster', command: ['server.js'], agentSource: AGENT_SOURCE });
  try {
    await session.start();
    assert.equal(session.status, 'running', session.output.text());
    assert.equal(session.port, port);
    assert.match(session.output.text(), new RegExp(`listens on port ${port}, not on PORT=\\d+`));
    const answer = await session.request({ method: 'GET', path: '/' });
    assert.equal(answer.status, 200, answer.error);
    assert.equal(answer.body, 'hello world\n');
  } finally {
    await session.dispose();
    await runtime.dispose();
    await runner.close();
  }
});
