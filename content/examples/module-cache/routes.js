// routes.js: another module that needs the settings. It requires config.js too, which
// does not evaluate it again: it gets the object already in require.cache.
const config = require('./config.js');

module.exports = {
  configSeenByRoutes: () => config,
};
