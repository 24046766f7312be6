// @grafana/ui's ESM imports this CommonJS package's default export; in strict ESM (.mjs) webpack
// hands over module.exports (an object), so give it the component itself.
const lib = require('react-custom-scrollbars-2/lib/index.js');
module.exports = lib.default || lib.Scrollbars;
