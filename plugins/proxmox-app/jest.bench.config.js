// `npm run bench`: the page benchmark (bench/*.bench.ts) — not part of `npm test`.
const base = require('./jest.config');

const browser = base.projects.find((p) => p.displayName === 'browser');

module.exports = {
  testTimeout: 900000,
  ...browser,
  displayName: 'bench',
  testMatch: ['<rootDir>/bench/*.bench.ts'],
};
