// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

const swc = base.transform['^.+\\.(t|j)sx?$'];

// Workspace packages are consumed as built (nx builds them first, as for webpack).
const workspace = {
  '^@pvemon/(rules|metrics-contract)$': '<rootDir>/../../packages/$1/dist/index.cjs',
  // @pvemon/rules depends on yaml, whose "browser" export (picked by jsdom) is ESM only.
  '^yaml$': require.resolve('yaml'),
};

/**
 * Three projects, all run by `npm test` (nx `test`):
 * - unit: jsdom, src/**\/*.test.ts(x) — scene structure, variable chaining, interpolated query
 *   text, config-table transformations, CSV;
 * - contract: every query of every page against a real Prometheus (test/contract.test.ts);
 * - browser: the pages in headless Chromium against a real Prometheus (test/harness.test.ts).
 * The last two start and stop Prometheus/Chromium themselves and are bounded in time.
 */
const unit = {
  ...base,
  displayName: 'unit',
  // d3-color & co. ship .mjs; the scaffold only transforms (t|j)sx?
  transform: { ...base.transform, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, 'ol-mapbox-style'])],
  moduleNameMapper: { ...base.moduleNameMapper, ...workspace },
  setupFiles: ['<rootDir>/test/jest/stubs.js'],
};

module.exports = {
  testTimeout: 180000,
  projects: [
    unit,
    {
      // jsdom like unit: the contract test builds the real scenes to interpolate their queries.
      ...unit,
      displayName: 'contract',
      testMatch: ['<rootDir>/test/contract.test.ts'],
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: workspace,
      testMatch: ['<rootDir>/test/harness.test.ts'],
    },
  ],
};
