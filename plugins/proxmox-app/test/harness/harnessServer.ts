import { createReadStream, existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import webpack from 'webpack';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const harnessConfig = require('./webpack.harness.cjs') as (outDir: string) => webpack.Configuration;

/** Builds the harness bundle (webpack, cached on disk) into `outDir`. */
export async function buildHarness(outDir: string): Promise<void> {
  const compiler = webpack(harnessConfig(outDir));
  if (!compiler) {
    throw new Error('webpack returned no compiler');
  }
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    compiler.run((err, s) => (err || !s ? reject(err ?? new Error('no stats')) : resolve(s)))
  );
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors()) {
    throw new Error(stats.toString({ all: false, errors: true }).slice(0, 4000));
  }
}

const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>pvemon harness</title></head>
<body><div id="root"></div>
<script>window.grafanaBootData = { settings: {}, user: { permissions: {} }, navTree: [] };</script>
<script src="/harness.js"></script></body></html>`;

/** Serves the bundle, index.html for every app route, and proxies /prometheus/* to Prometheus. */
export async function startHarnessServer(
  outDir: string,
  prometheusUrl: string
): Promise<{ url: string; close(): Promise<void> }> {
  const prom = new URL(prometheusUrl);
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/prometheus/')) {
      const upstream = request(
        { host: prom.hostname, port: prom.port, path: url.slice('/prometheus'.length), method: 'GET' },
        (up) => {
          res.writeHead(up.statusCode ?? 502, { 'content-type': up.headers['content-type'] ?? 'application/json' });
          up.pipe(res);
        }
      );
      upstream.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      upstream.end();
      return;
    }
    const file = join(outDir, url.split('?')[0]!.replace(/^\/+/, ''));
    if (url.startsWith('/harness.js') || (url !== '/' && !url.startsWith('/a/') && existsSync(file))) {
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(INDEX);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
