import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type ResolvedConfig } from './config/load.js';
import { describeConfig } from './cli/check-config.js';
import { doctorCluster } from './cli/doctor.js';
import { serve } from './cli/serve.js';
import { createProxmoxClient } from './proxmox/create-client.js';

function load(file: string | undefined): ResolvedConfig {
  try {
    return loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

const configOption = new Option(
  '-c, --config <file>',
  'YAML config file (without it: PVE_URL, PVE_TOKEN_ID, PVE_TOKEN_SECRET[_FILE], …)',
).env('PVEMON_SD_CONFIG');

const program = new Command('pvemon-sd')
  .description('Prometheus HTTP service discovery for Proxmox VE')
  .version('0.1.0');

program
  .command('serve', { isDefault: true })
  .description('run the HTTP SD server')
  .addOption(configOption)
  .option('-l, --listen <host:port>', 'listen address (overrides listen: in the config)')
  .action(async (opts: { config?: string; listen?: string }) => {
    const config = load(opts.config);
    const listen = opts.listen ? /^(.*):(\d+)$/.exec(opts.listen) : null;
    if (opts.listen && !listen) {
      console.error(`--listen: expected host:port, got "${opts.listen}"`);
      process.exit(2);
    }
    await serve(
      listen
        ? {
            ...config,
            listen: {
              host: listen[1]?.replace(/^\[|\]$/g, '') ?? '0.0.0.0',
              port: Number(listen[2]),
            },
          }
        : config,
    );
  });

program
  .command('check-config')
  .description('validate the configuration (and read secret files) without contacting Proxmox')
  .addOption(configOption)
  .action((opts: { config?: string }) => {
    const config = load(opts.config);
    for (const line of describeConfig(config)) console.log(line);
    console.log('configuration OK');
  });

program
  .command('doctor')
  .description(
    "show each cluster token's effective privileges and the pveum commands that add missing ones",
  )
  .addOption(configOption)
  .action(async (opts: { config?: string }) => {
    const config = load(opts.config);
    let ok = true;
    for (const c of config.clusters) {
      const result = await doctorCluster(c, createProxmoxClient(c), config.secrets);
      for (const line of result.lines) console.log(line);
      ok &&= result.ok;
    }
    process.exit(ok ? 0 : 1);
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
