import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './lab.js';

const BEARER = 'test-bearer-token-0123456789';
let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ config: { auth: { bearerToken: BEARER } } });
});
afterAll(async () => lab?.close());

const auth = { authorization: `Bearer ${BEARER}` };

describe('HTTP behaviour', () => {
  it('answers 503 on /targets and /health until the first successful discovery', async () => {
    const t = await lab.app.inject({ url: '/targets', headers: auth });
    expect(t.statusCode).toBe(503);
    expect(t.json()).toMatchObject({ error: 'not_ready' });
    const h = await lab.app.inject('/health');
    expect(h.statusCode).toBe(503);
    expect(h.json()).toMatchObject({
      status: 'starting',
      clusters: [{ cluster: 'lab', lastSuccess: null }],
    });
    await lab.refresh();
    expect((await lab.app.inject('/health')).statusCode).toBe(200);
  });

  it('requires the bearer token on /targets* and /metrics but not /health', async () => {
    for (const url of ['/targets', '/targets/nodes', '/metrics']) {
      expect((await lab.app.inject(url)).statusCode, url).toBe(401);
      expect(
        (await lab.app.inject({ url, headers: { authorization: 'Bearer wrong' } })).statusCode,
        url,
      ).toBe(401);
      expect((await lab.app.inject({ url, headers: auth })).statusCode, url).toBe(200);
    }
    expect((await lab.app.inject('/health')).statusCode).toBe(200);
  });

  it('sends application/json with an ETag, 304 on If-None-Match, gzip on request', async () => {
    const res = await lab.app.inject({ url: '/targets', headers: auth });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = String(res.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await lab.app.inject({
      url: '/targets',
      headers: { ...auth, 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const gz = await lab.app.inject({
      url: '/targets',
      headers: { ...auth, 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(res.body);
    // An unchanged refresh keeps the ETag; a change makes a new one.
    await lab.refresh();
    expect((await lab.app.inject({ url: '/targets', headers: auth })).headers.etag).toBe(etag);
    lab.sim.control.setTags(100, ['prod', 'web', 'changed']);
    await lab.refresh();
    expect((await lab.app.inject({ url: '/targets', headers: auth })).headers.etag).not.toBe(etag);
  });

  it('never runs two refreshes of a cluster at once', async () => {
    lab.sim.control.resetCounts();
    await Promise.all([lab.refresh(), lab.refresh(), lab.refresh()]);
    expect(lab.sim.control.requestCounts().byRoute['GET /cluster/resources']).toBe(1);
  });
});
