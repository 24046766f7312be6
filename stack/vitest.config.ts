import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.js';

// The native-stack tests start whole stacks (Prometheus, Alertmanager, simulator, …); each picks
// free ports and its own simulator address offset (test/helpers.ts), so they could overlap, but
// running them one at a time keeps their timing measurements honest on CI's two cores.
export default mergeConfig(sharedConfig, defineConfig({ test: { fileParallelism: false } }));
