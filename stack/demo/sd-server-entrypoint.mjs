// Entrypoint of sd-server in the Compose demo (compose.demo.yaml), dependency-free so it runs in
// the sd-server image as it is:
//   node sd-server-entrypoint.mjs CONFIG.json -- COMMAND [ARG…]
// Why: the simulator writes a NEW CA into the shared pve-simulator-state volume on every start, and
// sd-server reads its CA and token once, at start. In Compose sd-server starts BEFORE the simulator
// (the simulator lives in Prometheus's network namespace, and Prometheus waits for sd-server), so
// the volume is empty or holds the previous run's CA. This waits until the cluster's first endpoint
// answers an authenticated API call verified with the CA and token from the volume, then runs
// COMMAND (sd-server). If the CA file changes later (simulator restarted), it stops COMMAND and
// exits 1: the restart policy starts it over with the new CA.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

const POLL_MS = Number(process.env.PVEMON_DEMO_POLL_MS ?? 2000);
const WAIT_TIMEOUT_MS = Number(process.env.PVEMON_DEMO_WAIT_TIMEOUT_MS ?? 600_000);
const log = (msg) => console.log(`[demo-entrypoint] ${msg}`);

function fail(msg) {
  console.error(`[demo-entrypoint] ${msg}`);
  process.exit(2);
}

function parseArgs(argv) {
  const sep = argv.indexOf('--');
  if (argv.length < 1 || sep !== 1 || sep === argv.length - 1) {
    fail('usage: sd-server-entrypoint.mjs CONFIG.json -- COMMAND [ARG…]');
  }
  return { configFile: argv[0], command: argv.slice(2) };
}

/** What the probe needs from the sd-server config (its first cluster), with field-naming errors. */
function readCluster(configFile) {
  let config;
  try {
    config = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (err) {
    fail(`${configFile}: cannot read it as JSON (${err.code ?? err.message})`);
  }
  const c = config?.clusters?.[0];
  const need = (value, field) =>
    typeof value === 'string' && value ? value : fail(`${configFile}: ${field} must be set`);
  return {
    endpoint: need(c?.endpoints?.[0], 'clusters[0].endpoints[0]'),
    tokenId: need(c?.tokenId, 'clusters[0].tokenId'),
    tokenSecretFile: need(c?.tokenSecretFile, 'clusters[0].tokenSecretFile'),
    caFile: need(c?.tls?.caFile, 'clusters[0].tls.caFile'),
  };
}

function readOrReason(path) {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (err) {
    return { reason: `cannot read ${path} (${err.code ?? 'error'})` };
  }
}

/** GET /api2/json/version with the token, verifying TLS with the CA: resolves the failure reason or the CA used. */
function probe(cluster) {
  const ca = readOrReason(cluster.caFile);
  if (ca.reason) return Promise.resolve({ reason: ca.reason });
  if (!ca.text.includes('-----BEGIN CERTIFICATE-----'))
    return Promise.resolve({ reason: `${cluster.caFile} holds no certificate (yet)` });
  const secret = readOrReason(cluster.tokenSecretFile);
  if (secret.reason) return Promise.resolve({ reason: secret.reason });
  const url = new URL('/api2/json/version', cluster.endpoint);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        ca: ca.text,
        timeout: 5000,
        headers: { authorization: `PVEAPIToken=${cluster.tokenId}=${secret.text.trim()}` },
      },
      (res) => {
        res.resume();
        resolve(
          res.statusCode === 200
            ? { ca: ca.text }
            : { reason: `${url.origin} answered HTTP ${res.statusCode} (token not accepted yet)` },
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => resolve({ reason: `${url.origin}: ${err.code ?? err.message}` }));
    req.end();
  });
}

async function waitForCluster(cluster) {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  let last = '';
  for (;;) {
    const r = await probe(cluster);
    if (r.ca) return r.ca;
    if (r.reason !== last) log(`waiting for the simulator: ${r.reason}`);
    last = r.reason;
    if (Date.now() > deadline) {
      console.error(`[demo-entrypoint] gave up after ${WAIT_TIMEOUT_MS / 1000} s: ${r.reason}`);
      process.exit(1);
    }
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

const { configFile, command } = parseArgs(process.argv.slice(2));
const cluster = readCluster(configFile);
let stopping = false;
let caChanged = false;
const earlySignal = () => process.exit(0);
process.once('SIGTERM', earlySignal);
process.once('SIGINT', earlySignal);
const verifiedCa = await waitForCluster(cluster);
process.off('SIGTERM', earlySignal);
process.off('SIGINT', earlySignal);
log(`${cluster.endpoint} verified with ${cluster.caFile} and the token; starting sd-server`);

const [bin, ...args] = command;
const child = spawn(bin, args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
}
const watch = setInterval(() => {
  const now = readOrReason(cluster.caFile);
  // Unreadable or empty: being rewritten right now; look again next time.
  if (!now.text || now.text === verifiedCa || stopping) return;
  caChanged = true;
  log(`${cluster.caFile} changed (simulator restarted): stopping sd-server to start over`);
  child.kill('SIGTERM');
}, POLL_MS);
child.on('exit', (code, signal) => {
  clearInterval(watch);
  if (caChanged) process.exit(1);
  process.exit(code ?? (stopping ? 0 : signal ? 1 : 0));
});
