// message.js: edit this text. node --watch sees the change and restarts the whole server.
console.log(`message.js evaluated in pid ${process.pid}`);

module.exports = 'Hello from the first version of message.js';
