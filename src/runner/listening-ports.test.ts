// The runner finds the port a server really listens on, whatever PORT said: real processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MachineRuntime, freePort } from './machine-runtime.ts';

test('a server that ignores PORT is found on its own port, through a cluster worker', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const runtime = new MachineRuntime();
  const port = await freePort();
  try {
    await runtime.mount('ports', {
      'server.js': `const cluster = require('node:cluster');
if (cluster.isPrimary) cluster.fork();
else require('node:http').createServer((q, r) => r.end('ok')).listen(${port}, '127.0.0.1');`,
    });
    const proc = await runtime.spawn('ports', ['server.js'], { env: { PORT: '1' } });
    const found = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no port reported in 5 s')), 5000);
      proc.onListen?.((p) => {
        clearTimeout(timer);
        resolve(p);
      });
    });
    assert.equal(found, port);
  } finally {
    await runtime.dispose();
  }
});
