// pvemon-stack: the native runner (scripts/stack.sh, `npm start`) and the config renderer.
import { Command, InvalidArgumentError, Option } from 'commander';
import { COMPOSE_ADDRESSES, nativeAddresses, ADDRESS_ENV } from './render/addresses.js';
import { layoutPaths, writeRendered } from './render/render.js';
import { CONFIG_FILES, stackDir } from './paths.js';
import { NativeStack } from './runner/native.js';
import { join, resolve } from 'node:path';

const log = (line: string): void => console.log(`[pvemon] ${line}`);

function intArg(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer in ${min}..${max}`);
    }
    return n;
  };
}

interface UpOptions {
  nodes: number;
  guests: number;
  seed: number;
  rules: 'production' | 'e2e';
  nodeExporter: boolean;
  sdRefresh?: number;
  realGuest?: string;
  scenario: string[];
  runDir?: string;
  addressOffset: number;
  keep: boolean;
  smoke: boolean;
}

async function up(opts: UpOptions): Promise<number> {
  const stack = new NativeStack({
    ...opts,
    ...(opts.sdRefresh ? { sdRefreshSeconds: opts.sdRefresh } : {}),
    scenarios: opts.scenario,
    env: process.env,
    log,
  });
  let interrupted = false;
  const onSignal = (sig: string) => {
    if (interrupted) return;
    interrupted = true;
    log(`${sig}: stopping everything…`);
    void stack.stop();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));
  try {
    await stack.start();
  } catch (err) {
    if (!interrupted) {
      const message = (err as Error).message;
      console.error(`[pvemon] cannot start the stack: ${message}`);
      if (/address already in use|EADDRINUSE/.test(message)) {
        console.error(
          '[pvemon] a port is taken by another process: stop it, or move that component with its PVEMON_*_ADDR variable (scripts/stack.sh --help)',
        );
      }
    }
    await stack.stop();
    if (interrupted) log('stopped, nothing left running');
    return interrupted ? 130 : 1;
  }
  if (interrupted) {
    await stack.stop();
    return 130;
  }
  console.log(`\n${stack.urls()}\n`);
  if (opts.smoke) {
    const summary = await stack.summary();
    console.log(summary.text);
    await stack.stop();
    log('stopped');
    return summary.ok ? 0 : 3;
  }
  log('running — Ctrl-C stops everything');
  void stack.summary().then(
    (s) => !interrupted && console.log(`\n${s.text}\n`),
    () => undefined,
  );
  const crashed = await stack.firstExit();
  if (!interrupted) {
    console.error(
      `[pvemon] ${crashed.name} exited unexpectedly; stopping the rest.\n${crashed.recentOutput()}`,
    );
    await stack.stop();
    return 1;
  }
  await stack.stop();
  log('stopped, nothing left running');
  return 0;
}

export function buildProgram(): Command {
  const program = new Command('pvemon-stack')
    .description('Run the pvemon stack natively on loopback, or render its configuration')
    .showHelpAfterError('(pvemon-stack --help for usage)');

  program
    .command('up', { isDefault: true })
    .description(
      'start simulator (unless PVE_URL is set), sd-server, Alertmanager, webhook receiver, SMTP sink, node_exporter and Prometheus on 127.0.0.1; Ctrl-C stops all',
    )
    .addOption(new Option('--nodes <n>', 'simulated nodes').default(3).argParser(intArg(1, 64)))
    .addOption(
      new Option('--guests <n>', 'simulated guests').default(40).argParser(intArg(0, 10_000)),
    )
    .addOption(new Option('--seed <n>', 'simulator seed').default(1).argParser(intArg(0, 2 ** 31)))
    .addOption(
      new Option('--rules <profile>', 'production rules or the test-only short-for build')
        .choices(['production', 'e2e'])
        .default('production'),
    )
    .option('--no-node-exporter', "don't run node_exporter for this machine")
    .addOption(
      new Option(
        '--sd-refresh <seconds>',
        'service-discovery refresh (Prometheus http_sd and the demo sd-server); shipped: 30',
      ).argParser(intArg(1, 600)),
    )
    .option(
      '--real-guest <vmid|auto>',
      "serve this machine's node_exporter as that simulated Linux guest's in-guest exporter (real load → real guest alerts, for scripts/test-alerts.sh)",
    )
    .option(
      '--scenario <spec>',
      'simulator scenario on from the start, repeatable: cpu-saturation:vm101, steal:vm102, disk-latency:vm103, swapping:vm104, packet-drops:vm105, gpu-saturation:pve1, node-down:pve2, exporter-down:vm106, …',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .addOption(
      new Option(
        '--address-offset <o>',
        "shift the simulator's loopback addresses (nodes 127.<1+o>.x.y, guests 127.<100+o>.x.y) to run two stacks side by side",
      )
        .env('PVEMON_SIM_ADDRESS_OFFSET')
        .default(0)
        .argParser(intArg(0, 98)),
    )
    .option('--run-dir <dir>', 'data and logs here (kept); default a temp dir removed on exit')
    .option('--keep', 'keep the temp run directory on exit', false)
    .option('--smoke', 'start, wait for the first scrapes, print a summary and stop', false)
    .addHelpText(
      'after',
      `\nAddresses (override with env): ${Object.entries(ADDRESS_ENV)
        .map(([k, v]) => `${v} (default ${nativeAddresses({})[k as keyof typeof ADDRESS_ENV]})`)
        .join(', ')}, PVEMON_NODE_EXPORTER_ADDR (default 127.0.0.1:19100).\n` +
        'Real cluster: set PVE_URL, PVE_TOKEN_ID, PVE_TOKEN_SECRET_FILE (and PVE_CA_FILE); see docs/deployment.md.',
    )
    .action(async (opts: UpOptions) => {
      process.exitCode = await up(opts);
    });

  program
    .command('render')
    .description(
      'write prometheus.yml / alertmanager.yml rendered for loopback (or --compose) into DIR',
    )
    .argument('<dir>', 'output directory')
    .option('--compose', 'keep the Compose service addresses (only paths change)', false)
    .option('--rules-dir <dir>', 'rule files directory', join(stackDir(), CONFIG_FILES.rules))
    .action((dir: string, opts: { compose: boolean; rulesDir: string }) => {
      const out = resolve(dir);
      const written = writeRendered(out, {
        addresses: opts.compose ? COMPOSE_ADDRESSES : nativeAddresses(process.env),
        paths: layoutPaths(out, resolve(opts.rulesDir)),
        plainSmtp: !opts.compose,
      });
      console.log(`wrote ${written.prometheusConfig}\nwrote ${written.alertmanagerConfig}`);
    });
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    console.error(`pvemon-stack: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
