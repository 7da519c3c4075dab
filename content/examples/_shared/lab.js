// lab.js: prints lifecycle markers that the sandbox's timeline reads.
// A marker is an ordinary log line:  [lab] <event> pid=<pid> key=value ...
// Delete the calls and the timeline loses its markers; the server works the same.
'use strict';

function mark(event, fields = {}) {
  const pairs = Object.entries({ pid: process.pid, ...fields })
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${String(value).replace(/\s+/g, '_')}`);
  console.log(`[lab] ${event} ${pairs.join(' ')}`);
}

module.exports = {
  /** Module code started running in this process. role: single, primary, worker, child or thread. */
  start: (role = 'single') => mark('start', { role }),
  /** This process accepts connections on `port`. */
  listening: (port) => mark('listening', { port }),
  /** Anything worth a dot on the timeline: mark('event', { name: 'config-loaded' }). */
  event: (name, fields) => mark('event', { name, ...fields }),
  /** Another process (pid) ended; printed by whoever saw it end, such as a cluster primary. */
  exited: (pid, code, signal) => mark('exit', { pid, code, signal }),
  mark,
};
