import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.js';

// The native-stack tests start the simulator's exporters on the standard ports of fixed 127.x
// addresses (as sd-server announces them), so two stacks must never run at the same time.
export default mergeConfig(sharedConfig, defineConfig({ test: { fileParallelism: false } }));
