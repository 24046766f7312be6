import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { isDuration, type Duration } from './dsl/duration.js';
import { DEFAULT_JOBS, E2E_PROFILE, resolveConfig, type JobNames } from './config.js';
import { generateRuleFiles } from './generate.js';

function duration(flag: string) {
  return (value: string): Duration => {
    if (!isDuration(value)) {
      throw new InvalidArgumentError(`${flag} needs a Prometheus duration such as 15s, 5m or 1h.`);
    }
    return value;
  };
}

interface GenerateOptions {
  out: string;
  guestJob?: string;
  guestLinuxJob?: string;
  guestWindowsJob?: string;
  nodeJob?: string;
  pveJob?: string;
  gpuJob?: string;
  vgpuJob?: string;
  sdJob?: string;
  runbookUrl?: string;
  profile?: 'production' | 'e2e';
  forOverride?: Duration;
  forDivisor?: number;
  keepFiringForOverride?: Duration;
  evaluationInterval?: Duration;
  rateWindowOverride?: Duration;
}

export function buildProgram(): Command {
  const program = new Command('pvemon-rules')
    .description('Generate pvemon Prometheus recording and alerting rules')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('generate')
    .description('write recording.yml and alerts.yml for your job names')
    .exitOverride()
    .requiredOption('-o, --out <dir>', 'directory to write recording.yml and alerts.yml into')
    .option(
      '--guest-job <name>',
      `job of in-guest exporters, Linux and Windows (default ${DEFAULT_JOBS.guestLinux})`,
    )
    .option('--guest-linux-job <name>', 'job of in-guest node_exporter (overrides --guest-job)')
    .option(
      '--guest-windows-job <name>',
      'job of in-guest windows_exporter (overrides --guest-job)',
    )
    .option('--node-job <name>', `job of node_exporter on PVE hosts (default ${DEFAULT_JOBS.node})`)
    .option('--pve-job <name>', `job of pve-exporter (default ${DEFAULT_JOBS.pve})`)
    .option('--gpu-job <name>', `job of nvidia_gpu_exporter (default ${DEFAULT_JOBS.gpu})`)
    .option('--vgpu-job <name>', `job of the pvemon vGPU exporter (default ${DEFAULT_JOBS.vgpu})`)
    .option('--sd-job <name>', `job scraping the sd-server's /metrics (default ${DEFAULT_JOBS.sd})`)
    .option('--runbook-url <url>', 'base URL of docs/runbook.md for runbook_url annotations')
    .option(
      '--profile <name>',
      `production (default) or e2e: test-only build with for=production÷${E2E_PROFILE.forDivisor}, no keep_firing_for, interval=${E2E_PROFILE.evaluationInterval}, rate window ${E2E_PROFILE.rateWindowOverride}`,
      (v: string) => {
        if (v !== 'production' && v !== 'e2e') {
          throw new InvalidArgumentError('--profile must be "production" or "e2e".');
        }
        return v;
      },
    )
    .option(
      '--for-override <duration>',
      'test-only: replace every non-zero for:',
      duration('--for-override'),
    )
    .option(
      '--for-divisor <n>',
      'test-only: divide every non-zero for: by n, keeping their order (e2e profile: 8)',
      (v: string) => {
        const n = Number(v);
        if (!(Number.isFinite(n) && n >= 1)) {
          throw new InvalidArgumentError('--for-divisor needs a number >= 1, e.g. 8.');
        }
        return n;
      },
    )
    .option(
      '--keep-firing-for-override <duration>',
      'test-only: replace every keep_firing_for: (0s removes it)',
      duration('--keep-firing-for-override'),
    )
    .option(
      '--evaluation-interval <duration>',
      'interval written on every rule group',
      duration('--evaluation-interval'),
    )
    .option(
      '--rate-window-override <duration>',
      'test-only: window of every rate() instead of 5m (record names keep rate5m)',
      duration('--rate-window-override'),
    )
    .action(async (opts: GenerateOptions) => {
      const e2e = opts.profile === 'e2e' ? E2E_PROFILE : undefined;
      const jobs: Partial<JobNames> = {
        ...(opts.guestJob && { guestLinux: opts.guestJob, guestWindows: opts.guestJob }),
        ...(opts.guestLinuxJob && { guestLinux: opts.guestLinuxJob }),
        ...(opts.guestWindowsJob && { guestWindows: opts.guestWindowsJob }),
        ...(opts.nodeJob && { node: opts.nodeJob }),
        ...(opts.pveJob && { pve: opts.pveJob }),
        ...(opts.gpuJob && { gpu: opts.gpuJob }),
        ...(opts.vgpuJob && { vgpu: opts.vgpuJob }),
        ...(opts.sdJob && { sd: opts.sdJob }),
      };
      const forDivisor = opts.forDivisor ?? e2e?.forDivisor;
      const keepOverride = opts.keepFiringForOverride ?? e2e?.keepFiringForOverride;
      const interval = opts.evaluationInterval ?? e2e?.evaluationInterval;
      const window = opts.rateWindowOverride ?? e2e?.rateWindowOverride;
      const config = resolveConfig({
        jobs,
        ...(opts.runbookUrl && { runbookBaseUrl: opts.runbookUrl }),
        ...(opts.forOverride && { forOverride: opts.forOverride }),
        ...(forDivisor && { forDivisor }),
        ...(keepOverride && { keepFiringForOverride: keepOverride }),
        ...(interval && { evaluationInterval: interval }),
        ...(window && { rateWindowOverride: window }),
      });
      const written = await generateRuleFiles(config, opts.out);
      for (const path of written) console.log(`wrote ${path}`);
    });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    // commander has already printed its own message (usage errors, --help).
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`pvemon-rules: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
