// A test's client that runs inside an example's OS sandbox, beside the example's server, so it
// reaches the sandbox's own loopback (src/test/sandbox-client.ts drives it). One JSON command per
// stdin line; one JSON event per stdout line, each naming the command's id. Times are Date.now().
//   open {path}             -> 'headers' {status}, then 'closed' {at}: a response left open (a stream)
//   raw  {text}             -> 'connected', then 'closed' {at}: a TCP socket that wrote `text` and waits
//   destroy {target}        -> 'destroyed': ends an open response or a raw socket from this side
const http = require('node:http');
const net = require('node:net');
const { createInterface } = require('node:readline');

const port = Number(process.env.PORT);
const open = new Map(); // id -> something with destroy()
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const commands = {
  open({ id, path }) {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      say({ id, event: 'headers', status: res.statusCode });
      res.on('data', () => {});
      res.on('error', () => {}); // a cut stream is reported as 'closed'
    });
    req.on('error', () => {});
    req.on('close', () => say({ id, event: 'closed', at: Date.now() }));
    open.set(id, req);
  },
  raw({ id, text }) {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(text);
      say({ id, event: 'connected' });
    });
    socket.on('error', () => {});
    socket.on('close', () => say({ id, event: 'closed', at: Date.now() }));
    open.set(id, socket);
  },
  destroy({ id, target }) {
    open.get(target)?.destroy();
    say({ id, event: 'destroyed' });
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line);
  commands[command.op](command);
});
