import { CachedVgpuSource } from './collect/cached-source.js';
import { NvidiaSmiVgpuSource } from './collect/nvidia-smi-source.js';
import type { VgpuSource } from './collect/snapshot.js';
import { DEFAULT_QEMU_CONFIG_DIR } from './mapping/guest-configs.js';

/** Settings shared by `serve` and `textfile`, with the CLI's defaults. */
export interface ExporterSettings {
  readonly node: string;
  /** nvidia-smi executable (PATH lookup) or path. */
  readonly nvidiaSmiPath: string;
  readonly timeoutMs: number;
  /** Reuse a collection for this long; concurrent scrapes always share one. */
  readonly minIntervalMs: number;
  readonly identityTtlMs: number;
  readonly configDir: string;
  readonly sysfsRoot: string;
  /** Environment for nvidia-smi (tests put a fake on PATH). */
  readonly env?: NodeJS.ProcessEnv;
}

export const DEFAULT_SETTINGS = {
  nvidiaSmiPath: 'nvidia-smi',
  timeoutMs: 10_000,
  minIntervalMs: 5_000,
  identityTtlMs: 600_000,
  configDir: DEFAULT_QEMU_CONFIG_DIR,
  sysfsRoot: '/sys',
} as const;

/** The cached nvidia-smi source both modes collect from. */
export function createVgpuSource(settings: ExporterSettings): VgpuSource {
  const source = new NvidiaSmiVgpuSource({
    node: settings.node,
    nvidiaSmi: {
      path: settings.nvidiaSmiPath,
      timeoutMs: settings.timeoutMs,
      ...(settings.env ? { env: settings.env } : {}),
    },
    identityTtlMs: settings.identityTtlMs,
    configDir: settings.configDir,
    sysfsRoot: settings.sysfsRoot,
  });
  return new CachedVgpuSource(source, settings.minIntervalMs);
}
