import { defineConfig } from 'tsup';
import { cliBuild, libraryBuild } from '../../tsup.shared.js';

export default defineConfig([libraryBuild(['esm', 'cjs']), cliBuild(['src/bin.ts'])]);
