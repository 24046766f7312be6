import { defineConfig } from 'tsup';
import { cliBuild, libraryBuild } from '../../tsup.shared.js';

export default defineConfig([libraryBuild(), cliBuild(['src/cli.ts'])]);
