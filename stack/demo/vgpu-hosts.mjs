// The demo's pvemon-vgpu launcher (compose.demo.yaml), dependency-free:
//   node vgpu-hosts.mjs MANIFEST -- COMMAND [ARG…]   run `COMMAND serve …` once per vGPU host
//   node vgpu-hosts.mjs --check MANIFEST             exit 0 when every host's /health is 200
// MANIFEST is the simulator's vgpu-hosts.json (pvemon-sim --vgpu-dir): per simulated vGPU host its
// address, fake nvidia-smi and qemu-server configs. Each pvemon-vgpu listens on <host address>:9836,
// as on a real GPU host (the pvemon-vgpu scrape job rewrites the gpu targets to that port). The
// number of hosts depends on the simulated cluster, hence one launcher rather than one service each.
// A pvemon-vgpu that dies, or a new manifest (other cluster size), stops everything with exit 1:
// the restart policy starts over.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const PORT = 9836;
const POLL_MS = Number(process.env.PVEMON_DEMO_POLL_MS ?? 2000);
const WAIT_TIMEOUT_MS = Number(process.env.PVEMON_DEMO_WAIT_TIMEOUT_MS ?? 600_000);
const log = (msg) => console.log(`[vgpu-hosts] ${msg}`);

function fail(msg, code = 2) {
  console.error(`[vgpu-hosts] ${msg}`);
  process.exit(code);
}

/** The manifest's hosts, or undefined while it cannot be read; a malformed entry is fatal. */
function readManifest(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let hosts;
  try {
    hosts = JSON.parse(text);
  } catch {
    return undefined; // being written
  }
  if (!Array.isArray(hosts)) fail(`${file}: expected a JSON array of hosts`);
  hosts.forEach((h, i) => {
    for (const field of ['node', 'ip', 'nvidiaSmi', 'configDir']) {
      if (typeof h?.[field] !== 'string' || !h[field]) fail(`${file}: [${i}].${field} must be set`);
    }
  });
  return { text, hosts };
}

async function check(file) {
  const m = readManifest(file);
  if (!m) fail(`cannot read ${file}`, 1);
  const bad = [];
  for (const h of m.hosts) {
    const ok = await fetch(`http://${h.ip}:${PORT}/health`, { signal: AbortSignal.timeout(3000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (!ok) bad.push(`${h.node} (${h.ip}:${PORT})`);
  }
  if (bad.length > 0) fail(`not healthy: ${bad.join(', ')}`, 1);
  process.exit(0);
}

async function waitForManifest(file) {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  for (;;) {
    const m = readManifest(file);
    if (m) return m;
    if (Date.now() > deadline) fail(`gave up waiting for ${file}`, 1);
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

async function launch(file, command) {
  const manifest = await waitForManifest(file);
  const [bin, ...args] = command;
  const children = new Map();
  let stopping = false;
  let exitCode = 0;
  let watch;
  const stopAll = (code, signal = 'SIGTERM') => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    clearInterval(watch);
    if (children.size === 0) process.exit(exitCode);
    for (const c of children.values()) c.kill(signal);
  };
  for (const h of manifest.hosts) {
    const listen = `${h.ip}:${PORT}`;
    const child = spawn(
      bin,
      [
        ...args,
        ...['serve', '--listen', listen, '--node', h.node],
        ...['--nvidia-smi', h.nvidiaSmi, '--config-dir', h.configDir, '--log-level', 'warn'],
      ],
      { stdio: 'inherit' },
    );
    children.set(h.node, child);
    child.on('exit', (code, signal) => {
      children.delete(h.node);
      if (!stopping) {
        log(`pvemon-vgpu of ${h.node} exited (${signal ?? code}): stopping the others`);
        stopAll(1);
      }
      if (stopping && children.size === 0) process.exit(exitCode);
    });
    log(`pvemon-vgpu for ${h.node} on http://${listen}/metrics`);
  }
  if (manifest.hosts.length === 0) log('the simulated cluster has no vGPU host');
  watch = setInterval(() => {
    const now = readManifest(file);
    if (now && now.text !== manifest.text) {
      log(`${file} changed (another simulated cluster): stopping to start over`);
      stopAll(1);
    }
  }, POLL_MS);
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stopAll(0, signal));
}

const argv = process.argv.slice(2);
if (argv[0] === '--check' && argv.length === 2) {
  await check(argv[1]);
} else if (argv.length >= 3 && argv[1] === '--') {
  await launch(argv[0], argv.slice(2));
} else {
  fail('usage: vgpu-hosts.mjs MANIFEST -- COMMAND [ARG…] | vgpu-hosts.mjs --check MANIFEST');
}
