// Per-guest load personalities, deterministic from (seed, vmid). They give every guest a
// recognisable shape (an idle jump host, a busy database, a batch cruncher, a noisy neighbour,
// a GPU renderer) so dashboards look alive and comparisons are meaningful.
import { mix3 } from '../model/rng.js';
import type { GuestModel } from '../model/types.js';

export const PERSONALITIES = ['idle', 'web', 'database', 'batch', 'noisy', 'gpu-render'] as const;
export type Personality = (typeof PERSONALITIES)[number];

/** Baseline activity of a guest; scenarios override parts of it. */
export interface LoadProfile {
  personality: Personality;
  /** Busy fraction per vCPU (before the wave). */
  cpu: number;
  /** Relative amplitude and period (s) of the slow wave every activity counter follows. */
  waveAmplitude: number;
  wavePeriod: number;
  wavePhase: number;
  readIops: number;
  writeIops: number;
  /** Seconds per operation. */
  readLatency: number;
  writeLatency: number;
  rxBytes: number;
  txBytes: number;
  memFraction: number;
  /** vGPU engine share of the physical GPU (0–1) for guests with a vGPU. */
  gpu: number;
}

const unit = (seed: number, vmid: number, salt: number): number =>
  mix3(seed, vmid, salt) / 4294967296;

const BASE: Record<Personality, Omit<LoadProfile, 'personality' | 'wavePeriod' | 'wavePhase'>> = {
  idle: {
    cpu: 0.02,
    waveAmplitude: 0.3,
    readIops: 0.5,
    writeIops: 2,
    readLatency: 0.002,
    writeLatency: 0.003,
    rxBytes: 2_000,
    txBytes: 1_500,
    memFraction: 0.3,
    gpu: 0,
  },
  web: {
    cpu: 0.06,
    waveAmplitude: 0.5,
    readIops: 5,
    writeIops: 8,
    readLatency: 0.002,
    writeLatency: 0.004,
    rxBytes: 400_000,
    txBytes: 1_500_000,
    memFraction: 0.45,
    gpu: 0,
  },
  database: {
    cpu: 0.1,
    waveAmplitude: 0.4,
    readIops: 120,
    writeIops: 60,
    readLatency: 0.004,
    writeLatency: 0.006,
    rxBytes: 300_000,
    txBytes: 600_000,
    memFraction: 0.75,
    gpu: 0,
  },
  batch: {
    cpu: 0.25,
    waveAmplitude: 0.6,
    readIops: 40,
    writeIops: 30,
    readLatency: 0.003,
    writeLatency: 0.005,
    rxBytes: 50_000,
    txBytes: 50_000,
    memFraction: 0.6,
    gpu: 0,
  },
  noisy: {
    cpu: 0.4,
    waveAmplitude: 0.35,
    readIops: 200,
    writeIops: 150,
    readLatency: 0.005,
    writeLatency: 0.008,
    rxBytes: 2_000_000,
    txBytes: 2_000_000,
    memFraction: 0.7,
    gpu: 0,
  },
  'gpu-render': {
    cpu: 0.15,
    waveAmplitude: 0.4,
    readIops: 20,
    writeIops: 15,
    readLatency: 0.003,
    writeLatency: 0.004,
    rxBytes: 100_000,
    txBytes: 80_000,
    memFraction: 0.65,
    gpu: 0.12,
  },
};

export function personalityOf(seed: number, g: GuestModel): Personality {
  if (g.hostpci0?.includes('mdev=')) return 'gpu-render';
  const r = unit(seed, g.vmid, 0x9e75);
  return r < 0.3 ? 'idle' : r < 0.6 ? 'web' : r < 0.78 ? 'database' : r < 0.93 ? 'batch' : 'noisy';
}

/** The guest's deterministic baseline (± 30 % jitter around its personality). */
export function profileOf(seed: number, g: GuestModel): LoadProfile {
  const personality = personalityOf(seed, g);
  const b = BASE[personality];
  const j = (salt: number): number => 0.7 + 0.6 * unit(seed, g.vmid, salt);
  const waveAmplitude = Math.min(0.6, b.waveAmplitude * j(1));
  return {
    personality,
    cpu: Math.min(0.9 / (1 + waveAmplitude), b.cpu * j(2)),
    waveAmplitude,
    wavePeriod: 300 + Math.floor(unit(seed, g.vmid, 3) * 3300),
    wavePhase: unit(seed, g.vmid, 4) * 2 * Math.PI,
    readIops: b.readIops * j(5),
    writeIops: b.writeIops * j(6),
    readLatency: b.readLatency * j(7),
    writeLatency: b.writeLatency * j(8),
    rxBytes: b.rxBytes * j(9),
    txBytes: b.txBytes * j(10),
    memFraction: Math.min(0.85, b.memFraction * j(11)),
    gpu: b.gpu * j(12),
  };
}
