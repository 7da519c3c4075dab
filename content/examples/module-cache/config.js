// config.js: settings, built when this module is evaluated.
// Node evaluates a CommonJS module once per process and keeps the result in require.cache,
// like Python keeps modules in sys.modules: every later require() gets the same object.
const lab = require('./lab.js');

console.log(`config.js evaluated in process ${process.pid}`);
lab.event('config-evaluated');

module.exports = {
  loadedAt: new Date().toISOString(),
  greeting: 'hello',
};
