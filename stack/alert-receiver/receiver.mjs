// @ts-check
// pvemon alert-receiver: the stack's default Alertmanager webhook target. Logs one line per
// notification and keeps the last ones in memory for tests and scripts/test-alerts.sh.
// Dependency-free on purpose: Compose runs it from a stock node image, the native runner with the
// local node. Usage: node receiver.mjs [--listen HOST:PORT] (default 127.0.0.1:9095)
//   POST /alerts, POST /watchdog   Alertmanager webhook payloads (version 4)
//   GET  /notifications            [{ path, receivedAt, payload }] newest last (?since=<ms epoch>)
//   DELETE /notifications          forget them
//   GET  /-/healthy                200
import { createServer } from 'node:http';

const MAX_KEPT = 1000;
const MAX_BODY = 4 * 1024 * 1024;

/** @param {string[]} argv */
function parseListen(argv) {
  const i = argv.indexOf('--listen');
  const value = i >= 0 ? argv[i + 1] : (process.env.ALERT_RECEIVER_LISTEN ?? '127.0.0.1:9095');
  const m = /^(.+):(\d+)$/.exec(value ?? '');
  if (!m || Number(m[2]) > 65535) {
    console.error(
      `alert-receiver: --listen needs HOST:PORT such as 127.0.0.1:9095 (got "${value}")`,
    );
    process.exit(2);
  }
  return { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

/** @type {{ path: string, receivedAt: number, payload: unknown }[]} */
const kept = [];

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** @param {string} path @param {any} p */
function describe(path, p) {
  const alerts = Array.isArray(p?.alerts) ? p.alerts : [];
  const names = [...new Set(alerts.map((/** @type {any} */ a) => a?.labels?.alertname))].join(',');
  const group = JSON.stringify(p?.groupLabels ?? {});
  return `${new Date().toISOString()} ${path} receiver=${p?.receiver} ${String(p?.status).toUpperCase()}:${alerts.length} ${names} group=${group}`;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://receiver');
  if (req.method === 'GET' && url.pathname === '/-/healthy') return json(res, 200, { ok: true });
  if (url.pathname === '/notifications') {
    if (req.method === 'DELETE') {
      kept.length = 0;
      return json(res, 200, { ok: true });
    }
    const since = Number(url.searchParams.get('since') ?? 0);
    return json(
      res,
      200,
      kept.filter((n) => n.receivedAt >= since),
    );
  }
  if (req.method !== 'POST')
    return json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  req.on('data', (/** @type {Buffer} */ c) => {
    size += c.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    const receivedAt = Date.now();
    let payload;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(res, 400, {
        error: 'body is not JSON (expected an Alertmanager webhook payload)',
      });
    }
    kept.push({ path: url.pathname, receivedAt, payload });
    if (kept.length > MAX_KEPT) kept.shift();
    console.log(describe(url.pathname, payload));
    json(res, 200, { ok: true });
  });
});

const { host, port } = parseListen(process.argv.slice(2));
server.on('error', (err) => {
  console.error(`alert-receiver: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const addr = server.address();
  const actual = addr && typeof addr === 'object' ? addr.port : port;
  console.log(
    `alert-receiver listening on http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
  );
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
