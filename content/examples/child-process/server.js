// fork and spawn both make a NEW node process; neither copies this one.
//   child_process.fork('child.js')                  node + an IPC channel (process.send / 'message')
//   child_process.spawn(process.execPath, [...])    any program, with its stdio as streams
// Python's multiprocessing "spawn" is the same idea: a fresh interpreter that imports everything again.
const { fork, spawn } = require('node:child_process');
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');
console.log(`server: module scope ran in pid ${process.pid}`);

// GET /fork: the child's stdout is shared with ours (its lines show up in the output directly),
// and it answers with an IPC message.
function viaFork(done) {
  const child = fork('child.js');
  child.on('message', (msg) => done(`forked child pid ${msg.pid} answered by ${msg.via}`));
  child.on('exit', (code, signal) => lab.exited(child.pid, code, signal));
  child.on('error', (err) => done(`fork failed: ${err.message}`));
}

// GET /spawn: we read the child's stdout ourselves, and pass it on to our own output.
function viaSpawn(done) {
  const child = spawn(process.execPath, ['child.js']);
  let text = '';
  child.stdout.on('data', (chunk) => {
    text += chunk;
    process.stdout.write(chunk);
  });
  child.on('close', (code, signal) => {
    lab.exited(child.pid, code, signal);
    const pid = /hello from pid (\d+)/.exec(text)?.[1];
    done(pid ? `spawned child pid ${pid} answered on stdout` : `spawn: no answer (exit code ${code})`);
  });
  child.on('error', (err) => done(`spawn failed: ${err.message}`));
}

const server = http.createServer((req, res) => {
  res.setHeader('x-pid', process.pid);
  const answer = (text) => res.end(`${text}; this server is pid ${process.pid}\n`);
  if (req.url === '/fork') viaFork(answer);
  else if (req.url === '/spawn') viaSpawn(answer);
  else answer('try GET /fork or GET /spawn');
});
const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => lab.listening(port));
