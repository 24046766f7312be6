import { Command, Option } from 'commander';
import pino, { type Logger } from 'pino';
import { createVgpuSource, DEFAULT_SETTINGS, type ExporterSettings } from './exporter.js';
import { buildServer } from './http/server.js';
import { renderMetrics } from './metrics/render.js';
import {
  DEFAULT_PORT,
  defaultNodeName,
  integerAtLeast,
  parseListen,
  type ListenAddress,
} from './options.js';
import { writeTextfileAtomically } from './textfile.js';

interface CommonOptions {
  nvidiaSmi: string;
  timeout: number;
  minInterval: number;
  identityTtl: number;
  configDir: string;
  sysfs: string;
  node: string;
  logLevel: string;
}

function addCommonOptions(command: Command): Command {
  return command
    .option('--nvidia-smi <path>', 'nvidia-smi executable', DEFAULT_SETTINGS.nvidiaSmiPath)
    .option('--timeout <ms>', 'kill nvidia-smi after this long', integerAtLeast(1), 10_000)
    .option(
      '--min-interval <ms>',
      'reuse a collection for this long (parallel scrapes always share one)',
      integerAtLeast(0),
      5_000,
    )
    .option(
      '--identity-ttl <s>',
      'refresh physical GPU uuids after this many seconds',
      integerAtLeast(0),
      600,
    )
    .option('--config-dir <dir>', 'PVE VM configs', DEFAULT_SETTINGS.configDir)
    .option('--sysfs <dir>', 'sysfs root (SR-IOV VF lookup)', DEFAULT_SETTINGS.sysfsRoot)
    .option('--node <name>', 'node label (PVE node name)', defaultNodeName())
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info'),
    );
}

function settingsFrom(options: CommonOptions): ExporterSettings {
  return {
    node: options.node,
    nvidiaSmiPath: options.nvidiaSmi,
    timeoutMs: options.timeout,
    minIntervalMs: options.minInterval,
    identityTtlMs: options.identityTtl * 1000,
    configDir: options.configDir,
    sysfsRoot: options.sysfs,
  };
}

// Logs go to stderr: textfile mode may be run with stdout captured, and journald takes both.
function createLogger(level: string): Logger {
  return pino({ name: 'pvemon-vgpu', level }, pino.destination({ fd: 2, sync: true }));
}

async function serve(options: CommonOptions & { listen: ListenAddress }): Promise<void> {
  const logger = createLogger(options.logLevel);
  const app = buildServer({ source: createVgpuSource(settingsFrom(options)), logger });
  try {
    await app.listen({ host: options.listen.host, port: options.listen.port });
  } catch (error) {
    logger.fatal(
      `cannot listen on ${options.listen.host}:${options.listen.port}: ${(error as Error).message} (change --listen)`,
    );
    process.exitCode = 1;
    return;
  }
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void app.close();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function textfile(options: CommonOptions & { out: string }): Promise<void> {
  const logger = createLogger(options.logLevel);
  const snapshot = await createVgpuSource(settingsFrom(options)).collect();
  for (const warning of snapshot.warnings) logger.warn(warning);
  if (!snapshot.success) logger.error({ err: snapshot.error }, 'vGPU collection failed');
  try {
    const path = await writeTextfileAtomically(options.out, await renderMetrics(snapshot));
    logger.info({ path, instances: snapshot.instances.length }, 'wrote textfile');
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exitCode = 1;
  }
}

const program = new Command('pvemon-vgpu')
  .description('Per-VM NVIDIA vGPU metrics for Proxmox VE hosts (from nvidia-smi vgpu -q)')
  .showHelpAfterError();

addCommonOptions(
  program
    .command('serve')
    .description(`serve /metrics and /health over HTTP (default port ${DEFAULT_PORT})`)
    .addOption(
      new Option('--listen <address>', 'host:port to listen on')
        .argParser(parseListen)
        .default(parseListen(`0.0.0.0:${DEFAULT_PORT}`), `0.0.0.0:${DEFAULT_PORT}`),
    ),
).action((options: CommonOptions & { listen: ListenAddress }) => serve(options));

addCommonOptions(
  program
    .command('textfile')
    .description(
      'collect once and write pvemon_vgpu.prom atomically for the node_exporter textfile collector',
    )
    .requiredOption('--out <dir>', 'textfile collector directory'),
).action((options: CommonOptions & { out: string }) => textfile(options));

await program.parseAsync(process.argv);
