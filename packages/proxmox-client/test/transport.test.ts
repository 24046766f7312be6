// Transport behaviour against a throwaway local HTTPS server that counts in-flight requests on
// the server side: timeouts per phase, retries (GET only), concurrency limits, aborts, validation.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProxmoxAbortError,
  ProxmoxAuthenticationError,
  ProxmoxClient,
  ProxmoxHttpError,
  ProxmoxInvalidResponseError,
  ProxmoxPermissionError,
  ProxmoxTimeoutError,
  ProxmoxTlsError,
  type ProxmoxClientOptions,
} from '../src/index.js';
import { json, selfSignedCertificate, startLocalServer, type LocalServer } from './local-https.js';

const SECRET = '0b7f3c2e-aaaa-4bbb-8ccc-1234567890ab';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: LocalServer;
const clients: ProxmoxClient[] = [];

function client(overrides: Partial<ProxmoxClientOptions> = {}): ProxmoxClient {
  const c = new ProxmoxClient({
    endpoints: [server.url],
    auth: { type: 'token', tokenId: 'monitor@pve!test', secret: SECRET },
    tls: { fingerprints: [server.fingerprint] },
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    logger: { warn() {} },
    ...overrides,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startLocalServer(selfSignedCertificate(), (_req, res) =>
    json(res, 200, { data: null }),
  );
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});
beforeEach(() => server.resetStats());

describe('timeouts', () => {
  it('headers timeout → ProxmoxTimeoutError(headers), retried for GET', async () => {
    server.setHandler(() => {
      /* never answers */
    });
    const c = client({ timeouts: { headersMs: 150 }, retry: { retries: 1, baseDelayMs: 1 } });
    const error = await c.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxmoxTimeoutError);
    expect(error).toMatchObject({ phase: 'headers', path: '/version', endpoint: server.url });
    expect(server.hits).toHaveLength(2);
  });

  it('whole-request budget per call → phase request', async () => {
    server.setHandler(async (_req, res) => {
      await sleep(400);
      json(res, 200, { data: { version: '9.1.1', release: '9.1', repoid: 'abc' } });
    });
    const error = await client({ retry: false })
      .version({ timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'request', timeoutMs: 100 });
  });

  it('body stalls → phase body', async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    const error = await client({ timeouts: { bodyMs: 150 }, retry: false })
      .version()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'body' });
  });

  it('a slow proxied call is neither failed over nor (for the agent) retried', async () => {
    const second = await startLocalServer(selfSignedCertificate(), (_req, res) =>
      json(res, 200, { data: [] }),
    );
    try {
      server.setHandler(() => {
        /* the "target node" never answers */
      });
      const c = client({
        endpoints: [server.url, second.url],
        tls: { fingerprints: [server.fingerprint, second.fingerprint] },
        timeouts: { requestMs: 100, agentMs: 100 },
        retry: { retries: 2, baseDelayMs: 1 },
      });
      await expect(c.qemuAgentInterfaces('pve1', 100)).rejects.toMatchObject({
        code: 'TIMEOUT',
        node: 'pve1',
      });
      expect(server.hits).toHaveLength(1);
      expect(second.hits).toHaveLength(0);
      await expect(c.qemuList('pve1')).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(server.hits).toHaveLength(4); // 1 + 2 retries, same endpoint
      expect(second.hits).toHaveLength(0);
      // A cluster-level call fails over to the other endpoint.
      await expect(c.clusterResources()).resolves.toEqual([]);
      expect(second.hits).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('guest-agent calls get the longer agent budget', async () => {
    server.setHandler(async (req, res) => {
      await sleep(300);
      if (req.url?.includes('/agent/')) json(res, 200, { data: { result: [] } });
      else json(res, 200, { data: [] });
    });
    const c = client({ timeouts: { requestMs: 150, agentMs: 2000 }, retry: false });
    await expect(c.qemuAgentInterfaces('pve1', 100)).resolves.toEqual([]);
    await expect(c.qemuList('pve1')).rejects.toBeInstanceOf(ProxmoxTimeoutError);
  });

  describe('connect timeout', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      // Accepts TCP but never speaks TLS: the handshake hangs.
      silent = createTcpServer((s) => {
        sockets.add(s);
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    });
    it('→ phase connect', async () => {
      const port = (silent.address() as AddressInfo).port;
      const error = await client({
        endpoints: [`https://127.0.0.1:${port}`],
        timeouts: { connectMs: 150 },
        retry: false,
      })
        .version()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'TIMEOUT', phase: 'connect' });
    });
  });
});

describe('retries', () => {
  it('retries GET on 503 with backoff and succeeds', async () => {
    let n = 0;
    server.setHandler((_req, res) => {
      if (++n <= 2) json(res, 503, { data: null }, 'Service Unavailable');
      else
        json(res, 200, { data: { version: '8.2.4', release: '8.2', repoid: '0123456789abcdef' } });
    });
    await expect(client().version()).resolves.toMatchObject({ version: '8.2.4' });
    expect(server.hits).toHaveLength(3);
  });

  it.each([
    [401, 'invalid token value!'],
    [403, 'Permission check failed (/, Sys.Audit)'],
    [400, 'Parameter verification failed.'],
    [500, 'cluster not ready - no quorum?'],
  ])('never retries %i', async (status, reason) => {
    server.setHandler((_req, res) => json(res, status, { data: null, message: reason }, reason));
    await expect(client().clusterStatus()).rejects.toMatchObject({ status });
    expect(server.hits).toHaveLength(1);
  });

  it('never retries POST (ticket login) even on 503', async () => {
    server.setHandler((_req, res) => json(res, 503, { data: null }, 'Service Unavailable'));
    const c = client({ auth: { type: 'ticket', username: 'mon@pve', password: 'pw-secret-1' } });
    await expect(c.version()).rejects.toMatchObject({ status: 503, path: '/access/ticket' });
    expect(server.hits.map((h) => h.method)).toEqual(['POST']);
  });
});

describe('concurrency limits (counted on the server)', () => {
  it('default: never more than 3 in flight per endpoint', async () => {
    server.setHandler(async (_req, res) => {
      await sleep(30);
      json(res, 200, { data: [] });
    });
    const c = client();
    await Promise.all(Array.from({ length: 15 }, () => c.clusterResources()));
    expect(server.hits).toHaveLength(15);
    expect(server.peakInFlight).toBe(3);
  });

  it('per target node: perNode=2 while perEndpoint=5', async () => {
    server.setHandler(async (_req, res) => {
      await sleep(30);
      json(res, 200, { data: [] });
    });
    const c = client({ concurrency: { perEndpoint: 5, perNode: 2 } });
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => c.qemuList(['a', 'b', 'c'][i % 3] as string)),
    );
    expect(server.hits).toHaveLength(24);
    expect(Math.max(...server.peakPerNode.values())).toBe(2);
    expect(server.peakInFlight).toBeLessThanOrEqual(5);
    expect(server.peakInFlight).toBeGreaterThan(2);
  });
});

describe('abort signals', () => {
  it('aborting an in-flight request → ProxmoxAbortError with the reason as cause', async () => {
    server.setHandler(async (_req, res) => {
      await sleep(500);
      json(res, 200, { data: [] });
    });
    const controller = new AbortController();
    const pending = client().clusterResources({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('poller stopping')), 50);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxmoxAbortError);
    expect((error as Error).cause).toEqual(new Error('poller stopping'));
  });

  it('aborting while queued behind the limiter never reaches the server', async () => {
    server.setHandler(async (_req, res) => {
      await sleep(150);
      json(res, 200, { data: [] });
    });
    const c = client({ concurrency: { perEndpoint: 1 } });
    const first = c.clusterResources();
    const controller = new AbortController();
    const second = c.clusterResources({ signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(ProxmoxAbortError);
    await first;
    expect(server.hits).toHaveLength(1);
  });

  it('an already-aborted signal fails fast', async () => {
    await expect(client().version({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      ProxmoxAbortError,
    );
    expect(server.hits).toHaveLength(0);
  });
});

describe('response validation', () => {
  it('malformed JSON → ProxmoxInvalidResponseError, not retried', async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[{"id":');
    });
    const error = await client()
      .clusterResources()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxmoxInvalidResponseError);
    expect((error as Error).message).toMatch(/malformed JSON/);
    expect(server.hits).toHaveLength(1);
  });

  it('schema failure names the path and the field', async () => {
    server.setHandler((_req, res) =>
      json(res, 200, { data: [{ id: 'qemu/1', type: 'qemu', node: 'pve1', vmid: 'abc' }] }),
    );
    const error = (await client()
      .clusterResources()
      .catch((e: unknown) => e)) as ProxmoxInvalidResponseError;
    expect(error).toBeInstanceOf(ProxmoxInvalidResponseError);
    expect(error.path).toBe('/cluster/resources');
    expect(error.issues[0]?.field).toBe('[0].vmid');
    expect(error.message).toContain('[0].vmid');
  });

  it('body without the data envelope', async () => {
    server.setHandler((_req, res) => json(res, 200, { version: '9' }));
    await expect(client().version()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('typed generic get() with a schema, and query parameters', async () => {
    server.setHandler((req, res) => json(res, 200, { data: { url: req.url } }));
    const schema = {
      safeParse: (input: unknown) => ({ success: true as const, data: input as { url: string } }),
    };
    const data = await client().get('/nodes/pve1/status', {
      query: { a: 1, b: true, c: undefined },
      schema,
    });
    expect(data.url).toBe('/api2/json/nodes/pve1/status?a=1&b=1');
    const inline = await client().get('/api2/json/cluster/resources?type=vm', {
      query: { x: 2 },
      schema,
    });
    expect(inline.url).toBe('/api2/json/cluster/resources?type=vm&x=2');
  });
});

describe('secrets', () => {
  it('token secret never appears in an error, even if the server echoes the header', async () => {
    server.setHandler((req, res) => {
      const echoed = `bad header ${String(req.headers.authorization)}`;
      json(res, 401, { data: null, message: echoed }, 'authentication failure');
    });
    const error = await client()
      .version()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxmoxAuthenticationError);
    expect(server.hits[0]?.headers.authorization).toBe(`PVEAPIToken=monitor@pve!test=${SECRET}`);
    const text = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`;
    expect(text).not.toContain(SECRET);
    expect((error as Error).message).toContain('***');
  });

  it('password never appears in an error either', async () => {
    server.setHandler((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => json(res, 403, { data: null, message: `denied for ${body}` }, 'denied'));
    });
    const password = 'correct horse battery staple';
    const c = client({ auth: { type: 'ticket', username: 'mon@pve', password } });
    const error = await c.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxmoxPermissionError);
    expect(JSON.stringify(server.hits[0]?.headers)).not.toContain('correct');
    expect((error as Error).message).not.toContain('battery');
    expect((error as Error).message).toContain('***');
    expect((error as Error).message).not.toContain(password);
  });
});

describe('http errors carry status and reason', () => {
  it('500 from a proxied call keeps statusText and node', async () => {
    server.setHandler((_req, res) => json(res, 500, { data: null }, 'unable to read config'));
    const error = (await client()
      .qemuConfig('pve2', 100)
      .catch((e: unknown) => e)) as ProxmoxHttpError;
    expect(error).toBeInstanceOf(ProxmoxHttpError);
    expect(error).toMatchObject({ status: 500, statusText: 'unable to read config', node: 'pve2' });
  });
});

describe('TLS hostname verification (CA mode)', () => {
  let named: LocalServer;
  let cert: ReturnType<typeof selfSignedCertificate>;
  beforeAll(async () => {
    // A certificate for a name only: connecting by IP does not match it.
    cert = selfSignedCertificate('DNS:pve1.example.invalid');
    named = await startLocalServer(cert, (_req, res) =>
      json(res, 200, { data: { version: '9.1.1', release: '9.1', repoid: 'abc' } }),
    );
  });
  afterAll(async () => {
    await named.close();
  });

  it('a trusted certificate for another name is rejected, with the fingerprint to pin', async () => {
    const error = (await client({ endpoints: [named.url], tls: { ca: cert.cert }, retry: false })
      .version()
      .catch((e: unknown) => e)) as ProxmoxTlsError;
    expect(error).toBeInstanceOf(ProxmoxTlsError);
    expect(error.reason).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error.fingerprint).toBe(cert.fingerprint);
  });

  it('verifyHostname: false accepts it (chain still verified)', async () => {
    const c = client({ endpoints: [named.url], tls: { ca: cert.cert, verifyHostname: false } });
    await expect(c.version()).resolves.toMatchObject({ version: '9.1.1' });
    const untrusted = client({
      endpoints: [named.url],
      tls: { ca: selfSignedCertificate().cert, verifyHostname: false },
      retry: false,
    });
    await expect(untrusted.version()).rejects.toBeInstanceOf(ProxmoxTlsError);
  });

  it('with a CA and pins, a pinned certificate passes even if the CA does not cover it', async () => {
    const other = selfSignedCertificate().cert;
    const c = client({
      endpoints: [named.url],
      tls: { ca: other, fingerprints: [cert.fingerprint] },
    });
    await expect(c.version()).resolves.toBeDefined();
  });
});
