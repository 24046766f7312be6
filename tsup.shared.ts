// Shared tsup settings: every package builds a library entry (with declarations) and, where it
// ships a CLI, executable entries beside it. One place for the Node target and output options.
import type { Options } from 'tsup';

type Format = 'esm' | 'cjs';

/** `src/index.ts` → dist with `.d.ts`; `cjs` too for packages other teams `require()`. */
export function libraryBuild(format: Format[] = ['esm']): Options {
  return {
    entry: ['src/index.ts'],
    format,
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
  };
}

/** Executable ESM entries (a shebang, no declarations); built after the library, so no clean. */
export function cliBuild(entry: string[]): Options {
  return {
    entry,
    format: ['esm'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  };
}
