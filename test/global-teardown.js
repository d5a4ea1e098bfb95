module.exports = require('./run-folder').globalTeardown;
