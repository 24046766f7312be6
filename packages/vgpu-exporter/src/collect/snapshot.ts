import type { GuestMatch } from '../mapping/map-instances.js';
import type { VgpuInstance } from '../parsers/vgpu-query.js';

/** A physical GPU in a snapshot. */
export interface GpuSample {
  readonly pci: string;
  /** '' when the GPU identity query failed or did not list this GPU. */
  readonly uuid: string;
  readonly activeVgpus: number;
}

/** A vGPU instance with its physical GPU's uuid and the guest it belongs to. */
export interface InstanceSample {
  readonly instance: VgpuInstance;
  readonly gpuUuid: string;
  readonly guest: GuestMatch;
}

/** Everything one collection learned; rendered to metrics without further I/O. */
export interface VgpuSnapshot {
  readonly node: string;
  readonly success: boolean;
  /** Why the collection failed (success false). */
  readonly error: string | undefined;
  /** Degradations that did not fail the collection (e.g. configs unreadable → fewer mappings). */
  readonly warnings: readonly string[];
  readonly durationSeconds: number;
  /** Epoch ms when the collection finished. */
  readonly collectedAt: number;
  readonly driverVersion: string | undefined;
  readonly gpus: readonly GpuSample[];
  readonly instances: readonly InstanceSample[];
}

/** Something that produces snapshots; the HTTP server and textfile writer depend only on this. */
export interface VgpuSource {
  collect(): Promise<VgpuSnapshot>;
}
