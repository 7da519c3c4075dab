// child.js: started fresh by the server for every /fork and /spawn request.
// A new node process runs this module code from the top each time; nothing is inherited
// from the server's memory (Node has no fork(2), so there is no copy-on-write either).
const lab = require('./lab.js');

lab.start('child');
console.log(`child.js: module scope ran in pid ${process.pid} (parent ${process.ppid})`);

if (process.send) {
  // Started with child_process.fork(): there is an IPC channel to the parent.
  process.send({ pid: process.pid, via: 'IPC message' });
  process.disconnect(); // close the channel, so this process can end
} else {
  // Started with spawn(): no IPC channel, so answer on stdout for the parent to read.
  console.log(`child.js: hello from pid ${process.pid}, via stdout`);
}
