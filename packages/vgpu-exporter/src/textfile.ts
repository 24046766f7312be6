import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The file node_exporter's textfile collector picks up (it reads `*.prom`). */
export const TEXTFILE_NAME = 'pvemon_vgpu.prom';

/**
 * Writes `content` to `<dir>/pvemon_vgpu.prom` atomically: a temp file in the same directory
 * (its name does not end in `.prom`, so the collector never reads it half-written), fsync, then
 * rename over the target. Returns the final path.
 */
export async function writeTextfileAtomically(dir: string, content: string): Promise<string> {
  const target = join(dir, TEXTFILE_NAME);
  const temp = join(dir, `.${TEXTFILE_NAME}.${process.pid}.tmp`);
  try {
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`cannot write ${target}: ${code} (check --out exists and is writable)`, {
      cause: error,
    });
  }
  return target;
}
