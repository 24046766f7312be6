import { performance } from 'node:perf_hooks';
import { readGuestConfigs } from '../mapping/guest-configs.js';
import { mapInstancesToGuests, type GuestMatch } from '../mapping/map-instances.js';
import type { PveGuestConfig } from '../mapping/pve-config.js';
import { readNvidiaVgpuVfs } from '../mapping/sriov-vfs.js';
import { GPU_IDENTITY_QUERY_ARGS, parseGpuQueryCsv } from '../parsers/gpu-query-csv.js';
import { parseVgpuQuery, type VgpuInstance, type VgpuQueryResult } from '../parsers/vgpu-query.js';
import { runNvidiaSmi, type NvidiaSmiOptions } from './nvidia-smi.js';
import type { VgpuSnapshot, VgpuSource } from './snapshot.js';

export interface NvidiaSmiSourceOptions {
  /** The `node` label: this PVE node's name. */
  readonly node: string;
  readonly nvidiaSmi: NvidiaSmiOptions;
  /** How long GPU uuid ↔ PCI identities stay cached (they change only on hotplug or reboot). */
  readonly identityTtlMs: number;
  /** `/etc/pve/qemu-server` on a PVE host. */
  readonly configDir: string;
  /** `/sys` on a host. */
  readonly sysfsRoot: string;
  readonly now?: () => number;
}

export const VGPU_QUERY_ARGS = ['vgpu', '-q'] as const;

/**
 * Collects with `nvidia-smi vgpu -q`, which carries everything per instance (VM identity, type,
 * FB usage, utilisation, license) except the physical GPU's UUID. That comes from a second
 * command, `--query-gpu=uuid,pci.bus_id`, run only on the first collection, after
 * `identityTtlMs`, or when a GPU appears that the cache does not know — so a steady-state scrape
 * forks nvidia-smi exactly once.
 */
export class NvidiaSmiVgpuSource implements VgpuSource {
  private identities: { byPci: Map<string, string>; fetchedAt: number } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: NvidiaSmiSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  async collect(): Promise<VgpuSnapshot> {
    const started = performance.now();
    const warnings: string[] = [];
    const finish = (fields: Partial<VgpuSnapshot>): VgpuSnapshot => ({
      node: this.options.node,
      success: true,
      error: undefined,
      warnings,
      durationSeconds: (performance.now() - started) / 1000,
      collectedAt: this.now(),
      driverVersion: undefined,
      gpus: [],
      instances: [],
      ...fields,
    });

    let query: VgpuQueryResult;
    try {
      query = parseVgpuQuery(await runNvidiaSmi(VGPU_QUERY_ARGS, this.options.nvidiaSmi));
    } catch (error) {
      return finish({ success: false, error: (error as Error).message });
    }

    const gpuUuids = await this.gpuUuids(
      query.gpus.map((g) => g.pci),
      warnings,
    );
    const instances = query.gpus.flatMap((g) => g.instances);
    const matches = await this.mapGuests(instances, warnings);
    return finish({
      driverVersion: query.driverVersion,
      gpus: query.gpus.map((g) => ({
        pci: g.pci,
        uuid: gpuUuids.get(g.pci) ?? '',
        activeVgpus: g.activeVgpus,
      })),
      instances: instances.map((instance, i) => ({
        instance,
        gpuUuid: gpuUuids.get(instance.gpuPci) ?? '',
        guest: matches[i] ?? { vmId: '', vmName: '', mappedBy: 'none' },
      })),
    });
  }

  private async gpuUuids(pcis: string[], warnings: string[]): Promise<Map<string, string>> {
    const cached = this.identities;
    const fresh =
      cached != null &&
      this.now() - cached.fetchedAt < this.options.identityTtlMs &&
      pcis.every((pci) => cached.byPci.has(pci));
    if (fresh) return cached.byPci;
    try {
      const csv = await runNvidiaSmi(GPU_IDENTITY_QUERY_ARGS, this.options.nvidiaSmi);
      const byPci = new Map(parseGpuQueryCsv(csv).map((g) => [g.pci, g.uuid]));
      this.identities = { byPci, fetchedAt: this.now() };
      return byPci;
    } catch (error) {
      warnings.push(`GPU uuids unknown, gpu_uuid left empty: ${(error as Error).message}`);
      return cached?.byPci ?? new Map();
    }
  }

  private async mapGuests(instances: VgpuInstance[], warnings: string[]): Promise<GuestMatch[]> {
    if (instances.length === 0) return [];
    let guests: PveGuestConfig[] = [];
    try {
      guests = await readGuestConfigs(this.options.configDir);
    } catch (error) {
      warnings.push(`${(error as Error).message}; only mdev UUIDs can be mapped`);
    }
    const first = mapInstancesToGuests(instances, { guests, vfs: [] });
    // sysfs is only walked when UUIDs left something unmapped (the SR-IOV case).
    if (first.every((m) => m.mappedBy === 'mdev' || m.mappedBy === 'smbios_uuid')) return first;
    const vfs = await readNvidiaVgpuVfs(this.options.sysfsRoot);
    return vfs.length === 0 ? first : mapInstancesToGuests(instances, { guests, vfs });
  }
}
