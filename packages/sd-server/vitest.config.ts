import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// The shared conditions include Vite's `module`, which vitest also hands to Node when it loads
// externalised packages. prom-client's dependency @opentelemetry/api maps `module` to an ESM build
// with extensionless imports that Node cannot load, so this package resolves without `module`.
const conditions = ['@pvemon/source', 'node', 'development|production'];

export default defineConfig({
  ...sharedConfig,
  resolve: { ...sharedConfig.resolve, conditions },
  ssr: { ...sharedConfig.ssr, resolve: { ...sharedConfig.ssr?.resolve, conditions } },
});
