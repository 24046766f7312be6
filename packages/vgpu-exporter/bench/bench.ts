// pvemon-vgpu benchmark: parse/map/render cost for a host with many vGPUs, and /metrics latency
// with the collection cache, against the fake nvidia-smi. Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createVgpuSource, DEFAULT_SETTINGS } from '../src/exporter.js';
import { buildServer } from '../src/http/server.js';
import { mapInstancesToGuests } from '../src/mapping/map-instances.js';
import { parsePveGuestConfig } from '../src/mapping/pve-config.js';
import { renderMetrics } from '../src/metrics/render.js';
import { parseVgpuQuery } from '../src/parsers/vgpu-query.js';
import { FIXTURES, installFakeNvidiaSmi, makeTempDir, removeDir } from '../test/helpers.js';
import { synthesizeVgpuQuery } from './synthesize.js';

const GPUS = 4;
const PER_GPU = 8;

function timeIt(iterations: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(50, iterations); i += 1) fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) fn();
  return ((performance.now() - start) / iterations) * 1000; // µs per call
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const realText = readFileSync(FIXTURES.realVgpuQ, 'utf8');
const bigText = synthesizeVgpuQuery(FIXTURES.realVgpuQ, GPUS, PER_GPU);
const count = GPUS * PER_GPU;

const parseOne = timeIt(5000, () => parseVgpuQuery(realText));
const parseBig = timeIt(1000, () => parseVgpuQuery(bigText));
console.log(`parse vgpu -q, 1 vGPU (real fixture):   ${parseOne.toFixed(1)} µs`);
console.log(
  `parse vgpu -q, ${count} vGPUs (${(bigText.length / 1024).toFixed(0)} KiB): ${parseBig.toFixed(1)} µs ` +
    `(${(parseBig / parseOne).toFixed(1)}× the 1-vGPU parse, ${(parseBig / count).toFixed(1)} µs per vGPU)`,
);

const instances = parseVgpuQuery(bigText).gpus.flatMap((g) => g.instances);
const guests = instances.map((_, i) =>
  parsePveGuestConfig(
    101 + i,
    `name: vm-${101 + i}\nsmbios1: uuid=00000000-1111-4222-8333-${String(i).padStart(12, '0')}\n`,
  ),
);
const mapUs = timeIt(2000, () => mapInstancesToGuests(instances, { guests, vfs: [] }));
console.log(`map ${count} vGPUs (mdev UUIDs) to ${guests.length} guests: ${mapUs.toFixed(1)} µs`);

const dir = await makeTempDir('bench');
try {
  const bigFile = join(dir, 'vgpu-q.txt');
  await writeFile(bigFile, bigText);
  const configDir = join(dir, 'qemu-server');
  await mkdir(configDir);
  const forkLog = join(dir, 'forks.jsonl');
  const env = await installFakeNvidiaSmi(dir, {
    FAKE_NVIDIA_SMI_VGPU_Q: bigFile,
    FAKE_NVIDIA_SMI_QUERY_GPU: FIXTURES.multiGpuCsv,
    FAKE_NVIDIA_SMI_LOG: forkLog,
  });
  const vgpuForks = async () =>
    (await readFile(forkLog, 'utf8').catch(() => ''))
      .split('\n')
      .filter((l) => l.includes('"vgpu"')).length;
  const source = createVgpuSource({
    ...DEFAULT_SETTINGS,
    node: 'bench',
    configDir,
    sysfsRoot: join(dir, 'sys'),
    env,
    minIntervalMs: 60_000,
  });
  const snapshot = await source.collect();
  for (let i = 0; i < 30; i += 1) await renderMetrics(snapshot); // warm-up
  const renderStart = performance.now();
  for (let i = 0; i < 300; i += 1) await renderMetrics(snapshot);
  const renderUs = ((performance.now() - renderStart) / 300) * 1000;
  console.log(`render ${count} vGPUs (prom-client registry):   ${renderUs.toFixed(1)} µs`);

  // Uncached: a fresh source per scrape forks nvidia-smi (here the node fake: ~its startup).
  const uncached: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    const fresh = createVgpuSource({
      ...DEFAULT_SETTINGS,
      node: 'bench',
      configDir,
      sysfsRoot: join(dir, 'sys'),
      env,
      minIntervalMs: 0,
      identityTtlMs: 600_000,
    });
    await fresh.collect(); // first includes the identity query; measure steady state below
    const start = performance.now();
    await fresh.collect();
    uncached.push(performance.now() - start);
  }
  uncached.sort((a, b) => a - b);

  // A burst of parallel scrapes on a source with no reuse interval: single-flight still forks once.
  const burstSource = createVgpuSource({
    ...DEFAULT_SETTINGS,
    node: 'bench',
    configDir,
    sysfsRoot: join(dir, 'sys'),
    env,
    minIntervalMs: 0,
  });
  const before = await vgpuForks();
  await Promise.all(Array.from({ length: 20 }, () => burstSource.collect()));
  console.log(
    `20 parallel collections (min interval 0): ${(await vgpuForks()) - before} nvidia-smi vgpu -q fork(s)`,
  );

  const app = buildServer({ source });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const cached: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      const start = performance.now();
      await (await fetch(`${url}/metrics`)).text();
      cached.push(performance.now() - start);
    }
    cached.sort((a, b) => a - b);
    console.log(
      `collect with a fork of the fake nvidia-smi (${uncached.length} runs): p50 ${percentile(uncached, 50).toFixed(1)} ms, max ${percentile(uncached, 100).toFixed(1)} ms`,
    );
    console.log(
      `GET /metrics served from cache (${cached.length} sequential): p50 ${percentile(cached, 50).toFixed(2)} ms, p99 ${percentile(cached, 99).toFixed(2)} ms ` +
        `(${(percentile(uncached, 50) / percentile(cached, 50)).toFixed(0)}× faster than collecting)`,
    );
  } finally {
    await app.close();
  }
} finally {
  await removeDir(dir);
}
