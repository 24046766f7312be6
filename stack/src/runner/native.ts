import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADDRESS_ENV, nativeAddresses, type AddressName } from '../render/addresses.js';
import { layoutPaths, writeRendered } from '../render/render.js';
import { CONFIG_FILES, repoDir, stackDir } from '../paths.js';
import { findBinary } from '../tools/binaries.js';
import { run } from '../tools/run.js';
import { startAlertReceiver } from './alert-receiver.js';
import { Child, waitHttpOk } from './child.js';
import { formatTargets, ruleErrors, seriesCount, targetSummary } from './report.js';
import { startAlertmanager, startPrometheus } from './services.js';
import {
  startDemoSimulator,
  writeSdConfigForSimulator,
  type RunningSimulator,
} from './simulator.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface NativeOptions {
  readonly nodes: number;
  readonly guests: number;
  readonly seed: number;
  /** `production`: the committed rules; `e2e`: a short-`for` build (pvemon-rules --profile e2e). */
  readonly rules: 'production' | 'e2e';
  readonly nodeExporter: boolean;
  /** SD refresh (Prometheus http_sd and the simulator's sd-server), seconds; default 30. */
  readonly sdRefreshSeconds?: number;
  /**
   * Bind this machine's node_exporter to a simulated Linux guest's address (vm_id, or `auto` for
   * the first one), so that guest has REAL in-guest metrics: load on this machine (stress-ng)
   * then fires that guest's alerts. For scripts/test-alerts.sh against the demo.
   */
  readonly realGuest?: string;
  /** Simulator scenarios switched on from the start (see the simulator README). */
  readonly scenarios?: readonly string[];
  /**
   * Shifts the simulator's loopback address plan (nodes 127.<1+o>…, guests 127.<100+o>…) so two
   * stacks (parallel test suites) never bind the same exporter address; default 0.
   */
  readonly addressOffset?: number;
  /** Where data and logs go; default a new temp dir, removed on exit unless `keep`. */
  readonly runDir?: string;
  readonly keep: boolean;
  /** Start, wait for the first scrapes, print the summary, stop (CI and tests). */
  readonly smoke: boolean;
  readonly env: Record<string, string | undefined>;
  readonly log: (line: string) => void;
}

interface Stoppable {
  readonly name: string;
  stop(): Promise<void>;
}

const NODE_EXPORTER_DEFAULT = '127.0.0.1:19100';
/** pvemon-vgpu's port (the `pvemon-vgpu` scrape job rewrites gpu targets to it). */
const VGPU_EXPORTER_PORT = 9836;

/** Runs the whole stack on loopback until `signal` aborts (or once, with `smoke`). */
export class NativeStack {
  private readonly started: Stoppable[] = [];
  private readonly children: Child[] = [];
  /** Stops of components that finished starting after a stop was requested (Ctrl-C mid-start). */
  private readonly lateStops: Promise<void>[] = [];
  private runDir = '';
  private removeRunDir = false;
  private stopping?: Promise<void>;
  readonly addresses: Record<AddressName, string>;
  private sim?: RunningSimulator;

  constructor(private readonly o: NativeOptions) {
    this.addresses = nativeAddresses(o.env);
  }

  private track(s: Stoppable): void {
    if (this.stopping) {
      this.lateStops.push(s.stop().catch(() => undefined));
      throw new Error(`interrupted while starting ${s.name}`);
    }
    this.started.push(s);
  }

  private child(c: Child): Child {
    this.children.push(c);
    this.track({ name: c.name, stop: () => c.stop() });
    return c;
  }

  /** Starts everything in dependency order; throws (after stopping what started) on failure. */
  async start(): Promise<void> {
    const { log } = this.o;
    const prometheusBin = findBinary('prometheus');
    const alertmanagerBin = findBinary('alertmanager');
    const missing = [
      !prometheusBin && 'prometheus',
      !alertmanagerBin && 'prometheus-alertmanager',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new Error(
        `missing Debian package(s): ${missing.join(', ')} — run \`npm run setup\` (scripts/setup.sh)`,
      );
    }
    const sdCli = join(repoDir(), 'packages/sd-server/dist/cli.js');
    if (!existsSync(sdCli)) {
      throw new Error(`${sdCli} is missing: build it with \`npx nx run @pvemon/sd-server:build\``);
    }

    this.runDir = this.o.runDir ?? mkdtempSync(join(tmpdir(), 'pvemon-stack-'));
    this.removeRunDir = !this.o.runDir && !this.o.keep;
    const logs = join(this.runDir, 'logs');
    mkdirSync(logs, { recursive: true });
    log(`run directory: ${this.runDir} (logs in logs/)`);
    const a = this.addresses;
    const [sdHost, sdPort] = splitHostPort(a.sdServer);

    // 1. Proxmox: a real cluster from PVE_URL…, else the simulator.
    let sdArgs: string[];
    let sim: RunningSimulator | undefined;
    if (this.o.env.PVE_URL) {
      log(`Proxmox: real cluster at ${this.o.env.PVE_URL} (simulator not started)`);
      sdArgs = ['serve', '--listen', a.sdServer];
    } else {
      sim = await startDemoSimulator({ ...this.o, filesDir: join(this.runDir, 'simulator') });
      const s = sim;
      this.track({ name: 'pve-simulator', stop: () => s.close() });
      this.sim = sim;
      log(
        `Proxmox: simulator "${sim.clusterName}", ${sim.nodes.length} nodes, ${this.o.guests} guests at ${sim.endpoints[0]?.url}`,
      );
      const pveExporter = sim.exporters.find((e) => e.type === 'pve_exporter');
      if (pveExporter && !this.o.env[ADDRESS_ENV.pveExporter]) {
        this.addresses.pveExporter = `${pveExporter.host}:${pveExporter.port}`;
      }
      log(
        sim.exporters.length > 0
          ? `simulated exporters: ${sim.exporters.length} endpoints (guests, nodes, GPUs, pve-exporter at ${this.addresses.pveExporter})`
          : 'simulated exporters: none (this simulator build does not emulate exporters)',
      );
      for (const spec of this.o.scenarios ?? []) log(`scenario on: ${spec}`);
      const sdConfig = writeSdConfigForSimulator(
        sim,
        this.runDir,
        { host: sdHost, port: sdPort },
        this.o.sdRefreshSeconds ?? 15,
        this.o.env.PVEMON_PVE_TARGET,
      );
      sdArgs = ['serve', '--config', sdConfig];
      await this.startVgpuExporters(sim, logs);
    }

    // 2. sd-server (its /health turns 200 after the first successful discovery).
    const sd = this.child(
      new Child({
        name: 'sd-server',
        command: process.execPath,
        args: [sdCli, ...sdArgs],
        logFile: join(logs, 'sd-server.log'),
        env: { ...process.env, ...this.o.env },
      }),
    );
    await waitHttpOk(`http://${a.sdServer}/health`, { child: sd, timeoutMs: 60_000 });
    log(`sd-server:     http://${a.sdServer}/targets/guests   (health: /health)`);

    // 3. Alert receivers, then Alertmanager BEFORE Prometheus (late AM = delayed resends).
    let smtp: SmtpSink | undefined;
    const [smtpHost, smtpPort] = splitHostPort(a.smtpRelay);
    try {
      smtp = await startSmtpSink({
        host: smtpHost,
        port: smtpPort,
        onMail: (m) => log(`email → ${m.to.join(',')}: ${m.subject}`),
      });
    } catch (err) {
      throw new Error(`SMTP sink cannot listen on ${a.smtpRelay}: ${(err as Error).message}`);
    }
    const sink = smtp;
    this.track({ name: 'smtp-sink', stop: () => sink.close() });
    this.child(
      await startAlertReceiver({
        listen: a.alertReceiver,
        logDir: logs,
        onLine: (line) => {
          if (line.includes(' receiver=')) log(`webhook ${line.replace(/^\S+ /, '')}`);
        },
      }),
    );
    const rulesDir = await this.rulesDir();
    const rendered = writeRendered(join(this.runDir, 'config'), {
      addresses: a,
      paths: layoutPaths(join(this.runDir, 'config'), rulesDir),
      plainSmtp: true,
      fastTimings: true,
      ...(this.o.sdRefreshSeconds ? { sdRefresh: `${this.o.sdRefreshSeconds}s` } : {}),
    });
    this.child(
      await startAlertmanager({
        config: rendered.alertmanagerConfig,
        listen: a.alertmanager,
        dataDir: join(this.runDir, 'alertmanager'),
        logDir: logs,
      }),
    );

    // 4. Optional node_exporter for this machine: as the monitoring host (job "node", file_sd) or
    // standing in for one simulated guest's in-guest exporter (--real-guest).
    if (this.o.nodeExporter || this.o.realGuest) {
      const bin = findBinary('nodeExporter');
      if (!bin) {
        if (this.o.realGuest)
          throw new Error('--real-guest needs prometheus-node-exporter (npm run setup)');
        log('node_exporter: prometheus-node-exporter not installed, skipped (npm run setup)');
      } else {
        const guest = this.o.realGuest ? await this.pickGuest(this.o.realGuest) : undefined;
        // The simulator's own exporter for that guest must let go of the address first.
        if (guest && this.sim)
          await this.sim.control.startScenario(`exporter-down:vm${guest.vmId}`);
        const listen =
          guest?.target ?? (this.o.env.PVEMON_NODE_EXPORTER_ADDR || NODE_EXPORTER_DEFAULT);
        const ne = this.child(
          new Child({
            name: 'node-exporter',
            command: bin,
            args: [`--web.listen-address=${listen}`, '--no-collector.systemd'],
            logFile: join(logs, 'node-exporter.log'),
          }),
        );
        await waitHttpOk(`http://${listen}/metrics`, { child: ne });
        if (guest) {
          log(
            `guest ${guest.vmId} (${guest.name}) now serves THIS machine's node_exporter at ${listen}`,
          );
        } else {
          writeFileSync(
            join(rendered.fileSdDir, 'monitoring-host.json'),
            JSON.stringify([{ targets: [listen], labels: { instance: hostname() } }]),
          );
        }
      }
    }

    // 5. Prometheus with the generated rules.
    this.child(
      await startPrometheus({
        config: rendered.prometheusConfig,
        listen: a.prometheus,
        dataDir: join(this.runDir, 'prometheus'),
        logDir: logs,
      }),
    );
  }

  /**
   * One pvemon-vgpu per simulated vGPU host on that host's address at :9836 — the process a real
   * GPU host runs — reading the simulator's fake nvidia-smi and the node's VM configs.
   */
  private async startVgpuExporters(sim: RunningSimulator, logs: string): Promise<void> {
    if (sim.vgpuHosts.length === 0) return;
    const cli = join(repoDir(), 'packages/vgpu-exporter/dist/cli.js');
    if (!existsSync(cli)) {
      throw new Error(
        `${cli} is missing: build it with \`npx nx run @pvemon/vgpu-exporter:build\``,
      );
    }
    for (const h of sim.vgpuHosts) {
      const listen = `${h.ip}:${VGPU_EXPORTER_PORT}`;
      const child = this.child(
        new Child({
          name: `pvemon-vgpu ${h.node}`,
          command: process.execPath,
          args: [
            cli,
            'serve',
            '--listen',
            listen,
            '--node',
            h.node,
            '--nvidia-smi',
            h.nvidiaSmi,
            '--config-dir',
            h.configDir,
            '--log-level',
            'warn',
          ],
          logFile: join(logs, `pvemon-vgpu-${h.node}.log`),
        }),
      );
      await waitHttpOk(`http://${listen}/health`, { child });
    }
    this.o.log(
      `pvemon-vgpu:   ${sim.vgpuHosts.map((h) => `http://${h.ip}:${VGPU_EXPORTER_PORT}/metrics (${h.node})`).join(', ')}`,
    );
  }

  /** A Linux guest target from the sd-server (`auto` = the first one on port 9100). */
  private async pickGuest(wanted: string): Promise<{ vmId: string; name: string; target: string }> {
    const groups = (await (
      await fetch(`http://${this.addresses.sdServer}/targets/guests`)
    ).json()) as {
      targets: string[];
      labels: Record<string, string>;
    }[];
    const linux = groups.filter((g) => g.labels.os === 'linux' && g.targets[0]?.endsWith(':9100'));
    const hit = wanted === 'auto' ? linux[0] : linux.find((g) => g.labels.vm_id === wanted);
    if (!hit?.targets[0]) {
      throw new Error(
        `--real-guest ${wanted}: no running Linux guest target with that vm_id (have: ${linux
          .map((g) => g.labels.vm_id)
          .join(', ')})`,
      );
    }
    return {
      vmId: hit.labels.vm_id ?? '?',
      name: hit.labels.vm_name ?? '?',
      target: hit.targets[0],
    };
  }

  /** The committed rules, or a fresh short-`for` build from @pvemon/rules' CLI. */
  private async rulesDir(): Promise<string> {
    const committed = join(stackDir(), CONFIG_FILES.rules);
    if (this.o.rules === 'production') return committed;
    const bin = join(repoDir(), 'packages/rules/dist/bin.js');
    if (!existsSync(bin)) throw new Error(`${bin} missing: npx nx run @pvemon/rules:build`);
    const out = join(this.runDir, 'rules-e2e');
    const res = await run(process.execPath, [bin, 'generate', '--out', out, '--profile', 'e2e']);
    if (res.code !== 0) throw new Error(`pvemon-rules generate failed:\n${res.stderr}`);
    this.o.log(`rules: TEST-ONLY short-for build in ${out}`);
    return out;
  }

  /** Waits for SD + the first scrape round, then prints targets, rule health and series count. */
  async summary(waitMs = 45_000): Promise<{ ok: boolean; text: string }> {
    const a = this.addresses;
    const deadline = Date.now() + waitMs;
    let rows = await targetSummary(a.prometheus);
    while (Date.now() < deadline) {
      rows = await targetSummary(a.prometheus);
      const pending = rows.reduce((n, r) => n + r.unknown, 0);
      const sdJobsSeen = rows.some((r) => r.job === 'guests' || r.job === 'pve-nodes');
      if (sdJobsSeen && pending === 0) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const rules = await ruleErrors(a.prometheus);
    const series = await seriesCount(a.prometheus);
    const down = rows.reduce((n, r) => n + r.down, 0);
    const lines = [
      'Targets by job:',
      formatTargets(rows),
      `Rules: ${rules.rules} loaded, ${rules.errors.length} with errors${rules.errors.length ? `:\n  ${rules.errors.join('\n  ')}` : ''}`,
      `Head series: ${series}`,
    ];
    const exporterJobsDown = rows.filter((r) => r.down > 0 && r.up === 0).map((r) => r.job);
    if (exporterJobsDown.length > 0) {
      lines.push(
        `Jobs with every target down: ${exporterJobsDown.join(', ')}.`,
        this.o.env.PVE_URL
          ? 'Check the exporters on those hosts (docs/deployment.md) and the pve-exporter address (PVEMON_PVE_EXPORTER_ADDR).'
          : this.sim && this.sim.exporters.length > 0
            ? 'Those targets are simulated as down (scenarios, stopped exporters) or not emulated; see the simulator README.'
            : 'The simulator does not serve the emulated exporters these jobs scrape yet; discovery, rules and alerting are running.',
      );
    }
    return { ok: rules.errors.length === 0 && down === 0, text: lines.join('\n') };
  }

  urls(): string {
    const a = this.addresses;
    return [
      `Prometheus     http://${a.prometheus}/   (targets: /classic/targets, alerts: /classic/alerts)`,
      `Alertmanager   http://${a.alertmanager}/api/v2/alerts   (Debian build: API only, no UI)`,
      `sd-server      http://${a.sdServer}/targets/guests   /health   /metrics`,
      `Webhook log    http://${a.alertReceiver}/notifications`,
      `Email sink     smtp://${a.smtpRelay}   (printed here as mails arrive)`,
      '',
      'Grafana (needs Docker or an existing Grafana ≥ 12.4 on this machine):',
      `  1. Data source: Prometheus, URL http://${a.prometheus}, uid "pvemon-prometheus"`,
      '     (or copy stack/grafana/provisioning/datasources/prometheus.yml, url changed).',
      '  2. Plugin: npx nx run @pvemon/proxmox-app:build, then copy plugins/proxmox-app/dist to',
      '     <grafana plugins dir>/pvemon-proxmox-app and set in grafana.ini',
      '     [plugins] allow_loading_unsigned_plugins = pvemon-proxmox-app; restart Grafana.',
      '  3. Enable the app: stack/grafana/provisioning/plugins/pvemon-proxmox-app.yml',
      '     (docs/deployment.md, "Install the app into an existing Grafana").',
    ].join('\n');
  }

  /** Resolves with the first started process that exits (a crash, unless we are stopping). */
  firstExit(): Promise<Child> {
    return Promise.race(this.children.map((c) => c.exited.then(() => c)));
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Stops in reverse start order (Prometheus first), each bounded; idempotent. Anything that
   * finishes starting after this was called is stopped as soon as it registers (see `track`).
   */
  async stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const s of [...this.started].reverse()) {
        try {
          await s.stop();
        } catch (err) {
          this.o.log(`stopping ${s.name}: ${(err as Error).message}`);
        }
      }
      this.started.length = 0;
    })();
    await this.stopping;
    await Promise.all(this.lateStops);
    if (this.removeRunDir && this.runDir) rmSync(this.runDir, { recursive: true, force: true });
  }
}

function splitHostPort(addr: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(addr);
  if (!m) throw new Error(`not HOST:PORT: ${addr}`);
  return [m[1] ?? '127.0.0.1', Number(m[2])];
}
