/** Reads what the running stack shows: targets per job and health, rule errors, series count. */
export interface TargetSummary {
  readonly job: string;
  readonly up: number;
  readonly down: number;
  readonly unknown: number;
  readonly sampleError?: string;
}

interface ApiTarget {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export async function targetSummary(prometheus: string): Promise<TargetSummary[]> {
  const body = (await (await fetch(`http://${prometheus}/api/v1/targets?state=active`)).json()) as {
    data: { activeTargets: ApiTarget[] };
  };
  const byJob = new Map<string, { up: number; down: number; unknown: number; err?: string }>();
  for (const t of body.data.activeTargets) {
    const job = t.labels.job ?? '?';
    const s = byJob.get(job) ?? { up: 0, down: 0, unknown: 0 };
    s[t.health] += 1;
    if (t.health === 'down' && !s.err) s.err = `${t.labels.instance}: ${t.lastError}`;
    byJob.set(job, s);
  }
  return [...byJob.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([job, s]) => ({
      job,
      up: s.up,
      down: s.down,
      unknown: s.unknown,
      ...(s.err ? { sampleError: s.err } : {}),
    }));
}

export async function ruleErrors(prometheus: string): Promise<{ rules: number; errors: string[] }> {
  const body = (await (await fetch(`http://${prometheus}/api/v1/rules`)).json()) as {
    data: {
      groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[];
    };
  };
  const rules = body.data.groups.flatMap((g) => g.rules.map((r) => ({ g: g.name, ...r })));
  return {
    rules: rules.length,
    errors: rules.filter((r) => r.health === 'err').map((r) => `${r.g}/${r.name}: ${r.lastError}`),
  };
}

export async function seriesCount(prometheus: string): Promise<number> {
  const body = (await (
    await fetch(
      `http://${prometheus}/api/v1/query?query=${encodeURIComponent('prometheus_tsdb_head_series')}`,
    )
  ).json()) as { data: { result: { value: [number, string] }[] } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

export function formatTargets(rows: readonly TargetSummary[]): string {
  const lines = rows.map(
    (r) =>
      `  ${r.job.padEnd(14)} up ${String(r.up).padStart(4)}  down ${String(r.down).padStart(4)}` +
      (r.unknown ? `  pending ${r.unknown}` : '') +
      (r.sampleError ? `\n  ${''.padEnd(14)} e.g. ${r.sampleError}` : ''),
  );
  return lines.join('\n');
}
