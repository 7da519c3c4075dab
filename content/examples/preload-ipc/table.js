// table.js: an "expensive" value that every worker needs, like a model or a lookup table that a
// gunicorn app would build at import time and share with `--preload`.
'use strict';

// Nothing runs here at require time: whoever calls buildTable() pays for it, in its own process.
function buildTable() {
  console.log(`computing table in pid ${process.pid}`);
  const started = Date.now();
  const primes = [];
  for (let n = 2; primes.length < 10000; n++) {
    if (primes.every((p) => p * p > n || n % p !== 0)) primes.push(n);
  }
  return { size: primes.length, largest: primes.at(-1), builtBy: process.pid, ms: Date.now() - started };
}

module.exports = { buildTable };
