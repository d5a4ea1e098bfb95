module.exports = require('./run-folder').globalSetup;
