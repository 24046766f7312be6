// Shared Vitest settings. Workspace packages resolve to their TypeScript sources through the
// `@pvemon/source` export condition, so tests never need a prior build of their dependencies.
import { defineConfig } from 'vitest/config';

// Vite's default server conditions minus `module`: vitest hands the conditions to Node when it
// loads externalised packages too, and some (prom-client's @opentelemetry/api) map `module` to an
// ESM build with extensionless imports that Node cannot load.
const conditions = ['@pvemon/source', 'node', 'development|production'];

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@pvemon/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
