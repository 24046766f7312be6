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
 * Two projects:
 * - unit: jsdom, src/**\/*.test.ts(x) — scenes, variables, queries, transformations, CSV;
 * - integration: node, test/**\/*.test.ts — a real Prometheus (contract test) and headless
 *   Chromium (browser harness). They start and stop what they need and are bounded in time.
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
      ...unit,
      // Same transforms as unit; the browser harness file switches itself to the node environment.
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
  ],
};
