// pvemon-sim: runs the PVE simulator until SIGINT/SIGTERM and prints how to connect.
import { Command, InvalidArgumentError, Option } from 'commander';
import { resolvePveVersion } from './model/pve-version.js';
import { startSimulator } from './simulator.js';
import type { Simulator } from './simulator.js';

function intArg(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer in ${min}..${max}`);
    }
    return n;
  };
}

function versionArg(value: string): string {
  try {
    resolvePveVersion(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
}

export function buildCli(): Command {
  return new Command('pvemon-sim')
    .description('Run a simulated Proxmox VE cluster API (HTTPS, token auth, fault injection).')
    .addOption(new Option('--nodes <n>', 'cluster nodes').default(3).argParser(intArg(1, 1000)))
    .addOption(
      new Option('--guests <n>', 'guests (qemu + lxc)').default(40).argParser(intArg(0, 1_000_000)),
    )
    .addOption(
      new Option('--seed <n>', 'seed of the generated cluster')
        .default(1)
        .argParser(intArg(0, 2 ** 32 - 1)),
    )
    .addOption(
      new Option('--port <n>', 'first port; node i listens on port+i (0 = ephemeral)')
        .default(8006)
        .argParser(intArg(0, 65_535)),
    )
    .addOption(new Option('--host <addr>', 'listen address').default('127.0.0.1'))
    .addOption(
      new Option('--pve-version <v>', 'PVE version: 7, 8, 9 or e.g. 8.0, 8.2.4')
        .default('9')
        .argParser(versionArg),
    )
    .addOption(
      new Option('--auth-delay-ms <ms>', 'delay before each 401 (pveproxy: 3000)')
        .default(3000)
        .argParser(intArg(0, 600_000)),
    )
    .addOption(
      new Option('--endpoints <n>', 'nodes with an API listener (default: all)').argParser(
        intArg(1, 1000),
      ),
    )
    .showHelpAfterError('(run pvemon-sim --help for usage)');
}

interface CliOptions {
  nodes: number;
  guests: number;
  seed: number;
  port: number;
  host: string;
  pveVersion: string;
  authDelayMs: number;
  endpoints?: number;
  nodeAddresses?: boolean;
  agentTimeoutMs: number;
}

function describe(sim: Simulator): string {
  const lines = [
    `pvemon-sim: cluster "${sim.clusterName}", PVE ${sim.pve.version}, ${sim.model.nodes.length} nodes, ${sim.model.guests().length} guests`,
    '',
    'API endpoints (one per node, each serves the whole cluster):',
    ...sim.endpoints.map(
      (e) => `  ${e.node.padEnd(8)} ${e.url}/api2/json   fingerprint ${sim.fingerprints[e.node]}`,
    ),
    '',
    `CA certificate (pve-root-ca.pem): ${sim.ca.path}`,
    '',
    'API tokens (Authorization: PVEAPIToken=<id>=<secret>):',
    ...Object.values(sim.tokens).map((t) => `  ${t.id.padEnd(26)} ${t.secret}   ${t.description}`),
    '',
    'Users for POST /access/ticket:',
    ...Object.values(sim.users).map((u) => `  ${u.userid.padEnd(12)} password ${u.password}`),
    '',
    `Control API (no auth): ${sim.url}/_sim/info   (see the package README)`,
    `Example: curl --cacert ${sim.ca.path} -H 'Authorization: ${sim.tokens.auditor.header}' ${sim.url}/api2/json/cluster/resources`,
  ];
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const cmd = buildCli();
  cmd.parse(argv);
  const opts = cmd.opts<CliOptions>();
  let sim: Simulator;
  try {
    sim = await startSimulator({
      nodes: opts.nodes,
      guests: opts.guests,
      seed: opts.seed,
      port: opts.port,
      host: opts.host,
      pveVersion: opts.pveVersion,
      authDelayMs: opts.authDelayMs,
      endpoints: opts.endpoints,
      bindNodeAddresses: opts.nodeAddresses ?? false,
      agentTimeoutMs: opts.agentTimeoutMs,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(
        `pvemon-sim: a port in ${opts.port}..${opts.port + opts.nodes - 1} on ${opts.host} is in use; pick another --port (or 0)`,
      );
    } else if (e.code === 'EADDRNOTAVAIL') {
      console.error(`pvemon-sim: cannot listen on --host ${opts.host}: address not available`);
    } else {
      console.error(`pvemon-sim: ${e.message}`);
    }
    process.exitCode = 1;
    return;
  }
  // Handlers first: stdout to a pipe is synchronous, a reader may signal us right after.
  const stop = (signal: string): void => {
    console.log(`\npvemon-sim: ${signal} received, stopping`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  console.log(describe(sim));
}

void main(process.argv);
