export { CachedVgpuSource } from './collect/cached-source.js';
export { NvidiaSmiError, runNvidiaSmi, type NvidiaSmiOptions } from './collect/nvidia-smi.js';
export {
  NvidiaSmiVgpuSource,
  VGPU_QUERY_ARGS,
  type NvidiaSmiSourceOptions,
} from './collect/nvidia-smi-source.js';
export type { GpuSample, InstanceSample, VgpuSnapshot, VgpuSource } from './collect/snapshot.js';
export { createVgpuSource, DEFAULT_SETTINGS, type ExporterSettings } from './exporter.js';
export { buildServer, type ServerOptions } from './http/server.js';
export { DEFAULT_QEMU_CONFIG_DIR, readGuestConfigs } from './mapping/guest-configs.js';
export {
  mapInstancesToGuests,
  type GuestMatch,
  type MappedBy,
  type MappingInput,
} from './mapping/map-instances.js';
export { decodePveMdevUuid, type PveMdevId } from './mapping/mdev-uuid.js';
export {
  parsePveGuestConfig,
  type HostPciEntry,
  type PveGuestConfig,
} from './mapping/pve-config.js';
export { readNvidiaVgpuVfs, type NvidiaVgpuVf } from './mapping/sriov-vfs.js';
export { instanceLabels, METRICS_CONTENT_TYPE, renderMetrics } from './metrics/render.js';
export {
  GPU_IDENTITY_QUERY_ARGS,
  parseGpuQueryCsv,
  type GpuIdentity,
} from './parsers/gpu-query-csv.js';
export { parseIndentedText, type TextNode } from './parsers/indented-text.js';
export { parseLicenseState, type LicenseState } from './parsers/license.js';
export {
  parseVgpuQuery,
  type VgpuHostGpu,
  type VgpuInstance,
  type VgpuQueryResult,
} from './parsers/vgpu-query.js';
export { normalisePciAddress } from './parsers/values.js';
export { TEXTFILE_NAME, writeTextfileAtomically } from './textfile.js';
