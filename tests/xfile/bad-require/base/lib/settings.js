const shared = require('./shared');

module.exports = { unused: true };
exports.never = 'x';
