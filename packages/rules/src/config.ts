import type { Duration } from './dsl/duration.js';

/** Prometheus job names the rules select on (like a mixin's `_config`). */
export interface JobNames {
  /** In-guest node_exporter (Linux VMs and LXC containers), sd-server role `guests`. */
  readonly guestLinux: string;
  /** In-guest windows_exporter, sd-server role `guests` (told apart by metric names / `os`). */
  readonly guestWindows: string;
  /** node_exporter on the Proxmox VE hosts, sd-server role `nodes`. */
  readonly node: string;
  /** prometheus-pve-exporter (multi-target), sd-server role `pve`. */
  readonly pve: string;
  /** nvidia_gpu_exporter on GPU hosts, sd-server role `gpu`. */
  readonly gpu: string;
  /** `@pvemon/vgpu-exporter` (`pvemon-vgpu serve`). */
  readonly vgpu: string;
  /** `@pvemon/sd-server`'s own `/metrics` (inventory and discovery health). */
  readonly sd: string;
}

export interface RulesConfig {
  readonly jobs: JobNames;
  /** Base URL of docs/runbook.md; each alert links to `<base>#<alertname in lower case>`. */
  readonly runbookBaseUrl: string;
  /** Test-only: replace every non-zero `for:` with this duration. */
  readonly forOverride?: Duration;
  /**
   * Test-only: divide every non-zero `for:` by this (rounded up to whole seconds). Unlike a single
   * override it keeps production's order, so an inhibiting alert (PveNodeDown, 2m) still fires
   * before the alerts it inhibits (GuestExporterDown, 10m). `forOverride` wins when both are set.
   */
  readonly forDivisor?: number;
  /** Test-only: replace every `keep_firing_for:` with this (`0s` removes it). */
  readonly keepFiringForOverride?: Duration;
  /** Evaluation interval written on every group; unset = Prometheus' global interval. */
  readonly evaluationInterval?: Duration;
  /**
   * Test-only: window of every `rate()`/`deriv()` instead of 5m, so rate-based conditions cross
   * their thresholds within about one window in end-to-end tests. Record names keep `rate5m`.
   */
  readonly rateWindowOverride?: Duration;
}

/**
 * Defaults match the scrape jobs of `stack/prometheus/prometheus.yml`: one job per sd-server role.
 * Linux and Windows guests share the `guests` job (the sd-server serves both from one role and puts
 * the exporter port and an `os` label on each target); the metric families tell them apart.
 */
export const DEFAULT_JOBS: JobNames = {
  guestLinux: 'guests',
  guestWindows: 'guests',
  node: 'pve-nodes',
  pve: 'pve',
  gpu: 'nvidia-gpu',
  vgpu: 'pvemon-vgpu',
  sd: 'pvemon-sd',
};

export const DEFAULT_RUNBOOK_BASE_URL =
  'https://github.com/pvemon/pvemon/blob/main/docs/runbook.md';

export const DEFAULT_CONFIG: RulesConfig = {
  jobs: DEFAULT_JOBS,
  runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL,
};

/**
 * The e2e profile: alerts fire within about a minute of their condition so pipeline tests stay
 * short. `for:` is production's ÷ 8 (2m → 15s, 5m → 38s, 10m → 75s), not one value for all: with
 * equal `for`s a guest alert on a dead node could reach Alertmanager before the PveNodeDown that
 * inhibits it.
 */
export const E2E_PROFILE = {
  forDivisor: 8,
  keepFiringForOverride: '0s',
  evaluationInterval: '5s',
  rateWindowOverride: '1m',
} as const satisfies Partial<RulesConfig>;

export function resolveConfig(partial: {
  jobs?: Partial<JobNames>;
  runbookBaseUrl?: string;
  forOverride?: Duration;
  forDivisor?: number;
  keepFiringForOverride?: Duration;
  evaluationInterval?: Duration;
  rateWindowOverride?: Duration;
}): RulesConfig {
  const jobs = { ...DEFAULT_JOBS, ...partial.jobs };
  for (const [key, value] of Object.entries(jobs)) {
    if (!/^[^"\\\n]+$/.test(value)) {
      throw new Error(
        `job name for "${key}" must be a non-empty string without quotes, backslashes or newlines (got ${JSON.stringify(value)})`,
      );
    }
  }
  const divisor = partial.forDivisor;
  if (divisor !== undefined && !(Number.isFinite(divisor) && divisor >= 1)) {
    throw new Error(`forDivisor must be a number >= 1 (got ${String(divisor)})`);
  }
  return {
    jobs,
    runbookBaseUrl: partial.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL,
    ...(partial.forOverride !== undefined && { forOverride: partial.forOverride }),
    ...(divisor !== undefined && { forDivisor: divisor }),
    ...(partial.keepFiringForOverride !== undefined && {
      keepFiringForOverride: partial.keepFiringForOverride,
    }),
    ...(partial.evaluationInterval !== undefined && {
      evaluationInterval: partial.evaluationInterval,
    }),
    ...(partial.rateWindowOverride !== undefined && {
      rateWindowOverride: partial.rateWindowOverride,
    }),
  };
}

/** Label matchers for each job, ready to splice into a selector: `job="pve"`. */
export interface Selectors {
  readonly guestLinux: string;
  readonly guestWindows: string;
  readonly node: string;
  readonly pve: string;
  readonly gpu: string;
  readonly vgpu: string;
  readonly sd: string;
}

export function selectors(config: RulesConfig): Selectors {
  const j = config.jobs;
  const m = (job: string): string => `job="${job}"`;
  return {
    guestLinux: m(j.guestLinux),
    guestWindows: m(j.guestWindows),
    node: m(j.node),
    pve: m(j.pve),
    gpu: m(j.gpu),
    vgpu: m(j.vgpu),
    sd: m(j.sd),
  };
}

/** Applies `rateWindowOverride` to an expression: every `[5m]` range becomes the override. */
export function withRateWindow(expr: string, config: RulesConfig): string {
  const w = config.rateWindowOverride;
  return w ? expr.replaceAll('[5m]', `[${w}]`) : expr;
}
