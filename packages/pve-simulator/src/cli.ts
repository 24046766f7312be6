// pvemon-sim: runs the PVE simulator until SIGINT/SIGTERM and prints how to connect.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SCENARIO_NAMES } from './load/scenarios.js';
import { MAX_ADDRESS_OFFSET } from './model/address-plan.js';
import { writeNvidiaSmiWrappers } from './nvidia-smi-wrappers.js';
import { writeVgpuHosts } from './vgpu-hosts.js';
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
    .addOption(
      new Option(
        '--node-addresses',
        "bind node i's API on its own address 127.1.0.i at --port (like node:8006)",
      ),
    )
    .addOption(
      new Option('--agent-timeout-ms <ms>', 'duration of failing guest-agent calls')
        .default(0)
        .argParser(intArg(0, 600_000)),
    )
    .addOption(
      new Option(
        '--exporters',
        'serve emulated exporters on the address plan (node/windows/pve/GPU exporters)',
      ),
    )
    .addOption(
      new Option('--exporter-ports <mode>', 'standard (9100/9182/9835/9221) or ephemeral')
        .choices(['standard', 'ephemeral'])
        .default('standard'),
    )
    .addOption(
      new Option(
        '--pve-exporter-address <addr>',
        'address of the pve-exporter endpoint (default 127.0.0.1, or 127.<1+o>.255.254 with --address-offset o)',
      ),
    )
    .addOption(
      new Option(
        '--address-offset <o>',
        'shift the loopback address plan (nodes 127.<1+o>.x.y, guests 127.<100+o>.x.y) to run several simulators with exporters side by side',
      )
        .default(0)
        .argParser(intArg(0, MAX_ADDRESS_OFFSET)),
    )
    .addOption(
      new Option(
        '--profile <name>',
        'demo: a healthy cluster (no IPv6-only guests, an exporter in every guest); default: the fixed test traits',
      )
        .choices(['default', 'demo'])
        .default('default'),
    )
    .addOption(
      new Option(
        '--scenario <name:scope>',
        `switch a scenario on at start (repeatable; implies --exporters): ${SCENARIO_NAMES.join(', ')}; scope vm<id> or a node`,
      )
        .argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v])
        .default(undefined),
    )
    .addOption(
      new Option(
        '--nvidia-smi-dir <dir>',
        'write a fake nvidia-smi per GPU node to <dir>/<node>/nvidia-smi (implies --exporters)',
      ),
    )
    .addOption(
      new Option(
        '--vgpu-dir <dir>',
        'write per vGPU host <dir>/<node>/nvidia-smi, <dir>/<node>/qemu-server/*.conf and <dir>/vgpu-hosts.json, to run pvemon-vgpu against the simulator elsewhere (implies --exporters)',
      ),
    )
    .addOption(
      new Option(
        '--tls-san <name>',
        'extra subject alternative name (host name or IP) on the node certificates, repeatable (e.g. pve-simulator in Compose)',
      )
        .argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v])
        .default(undefined),
    )
    .addOption(
      new Option(
        '--state-dir <dir>',
        'write pve-root-ca.pem, token-id and token-secret (the sd-server token) here, for clients in other containers',
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
  exporters?: boolean;
  exporterPorts: 'standard' | 'ephemeral';
  pveExporterAddress?: string;
  addressOffset: number;
  profile: 'default' | 'demo';
  scenario?: string[];
  nvidiaSmiDir?: string;
  vgpuDir?: string;
  tlsSan?: string[];
  stateDir?: string;
}

function describeExporters(sim: Simulator, smi: string[]): string {
  const eps = sim.exporters;
  if (eps.length === 0) return '';
  const count = (t: string): number => eps.filter((e) => e.type === t).length;
  const first = (t: string): string => eps.find((e) => e.type === t)?.url ?? '-';
  const pve = eps.find((e) => e.type === 'pve_exporter');
  const lines = [
    '',
    `Exporters (${eps.length} endpoints; all of them by path: ${sim.exporterGateway}/targets):`,
    `  node_exporter       ${count('node_exporter')} Linux guests on <guest address>:9100, e.g. ${first('node_exporter')}`,
    `  windows_exporter    ${count('windows_exporter')} Windows guests on <guest address>:9182, e.g. ${first('windows_exporter')}`,
    `  host node_exporter  ${count('host_node_exporter')} nodes on <node address>:9100, e.g. ${first('host_node_exporter')}`,
    `  nvidia_gpu_exporter ${count('nvidia_gpu_exporter')} GPU nodes on <node address>:9835, e.g. ${first('nvidia_gpu_exporter')}`,
    `  pve-exporter        ${pve?.url ?? '-'}?target=${sim.nodes[0]?.ip ?? ''}&cluster=1&node=1`,
    `Scenarios: ${
      sim.control
        .scenarios()
        .map((s) => s.id)
        .join(', ') || '(none)'
    }   switch: POST ${sim.url}/_sim/scenarios {"scenario":"cpu-saturation:vm101"}, DELETE ${sim.url}/_sim/scenarios/<id>`,
  ];
  for (const f of smi) lines.push(`Fake nvidia-smi: ${f}   (pvemon-vgpu --nvidia-smi ${f})`);
  return lines.join('\n');
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

function prepareStateDir(dir: string): string {
  const d = resolve(dir);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Token id and secret for a client in another container (the CA is already in the dir). */
function writeState(sim: Simulator, dir: string): void {
  const token = sim.tokens.agent;
  const d = resolve(dir);
  writeFileSync(join(d, 'token-id'), `${token.id}\n`, { mode: 0o600 });
  writeFileSync(join(d, 'token-secret'), `${token.secret}\n`, { mode: 0o600 });
  console.log(`State for clients in ${d}: pve-root-ca.pem, token-id, token-secret`);
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
      addressOffset: opts.addressOffset,
      profile: opts.profile,
      ...(opts.tlsSan ? { tlsSans: opts.tlsSan } : {}),
      ...(opts.stateDir ? { caDir: prepareStateDir(opts.stateDir) } : {}),
      ...(opts.exporters || opts.scenario || opts.nvidiaSmiDir || opts.vgpuDir
        ? {
            exporters: {
              ports: opts.exporterPorts,
              ...(opts.pveExporterAddress ? { pveExporterAddress: opts.pveExporterAddress } : {}),
            },
          }
        : {}),
      scenarios: opts.scenario ?? [],
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(
        `pvemon-sim: a port in ${opts.port}..${opts.port + opts.nodes - 1} on ${opts.host} is in use; pick another --port (or 0)`,
      );
    } else if (e.code === 'EADDRNOTAVAIL') {
      console.error(`pvemon-sim: cannot listen on --host ${opts.host}: address not available`);
    } else if (/^cannot listen on/.test(e.message)) {
      console.error(
        `pvemon-sim: ${e.message} — another process holds that port; stop it or use --exporter-ports ephemeral`,
      );
    } else if (/scenario/.test(e.message)) {
      console.error(`pvemon-sim: --scenario: ${e.message}`);
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
  // vGPU files before the state: a client that sees the token sees them too.
  if (opts.vgpuDir) {
    const hosts = writeVgpuHosts(sim, opts.vgpuDir);
    console.log(
      `vGPU hosts for pvemon-vgpu: ${hosts.map((h) => h.node).join(', ') || '(none)'} in ${resolve(opts.vgpuDir)}/vgpu-hosts.json`,
    );
  }
  if (opts.stateDir) writeState(sim, opts.stateDir);
  const smi = opts.nvidiaSmiDir
    ? writeNvidiaSmiWrappers(sim, opts.nvidiaSmiDir).map((w) => w.path)
    : [];
  console.log(describe(sim) + describeExporters(sim, smi));
}

void main(process.argv);
