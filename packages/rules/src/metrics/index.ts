export {
  nodeExporter,
  NODE_FS_TYPES_EXCLUDED,
  NETDEV_EXCLUDED,
  PVE_GUEST_PORT,
} from './node-exporter.js';
export { windowsExporter, WINDOWS_VOLUMES_EXCLUDED } from './windows-exporter.js';
export { pveExporter, PVE_ID } from './pve-exporter.js';
export { nvidiaGpuExporter } from './nvidia-gpu-exporter.js';
export { pvemon } from './pvemon.js';
