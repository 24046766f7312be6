import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_ADDRESSES, NATIVE_ADDRESSES, nativeAddresses } from './addresses.js';
import { layoutPaths, renderAlertmanager, renderPrometheus, renderText } from './render.js';

const paths = layoutPaths('/run/x', '/repo/stack/prometheus/rules');

describe('renderText', () => {
  it('replaces whole service:port tokens only', () => {
    const text = [
      'url: http://sd-server:9710/targets/guests',
      "targets: ['alertmanager:9093']",
      'other: my-sd-server:9710 sd-server:97100 x.sd-server:9710',
    ].join('\n');
    const out = renderText(text, { addresses: NATIVE_ADDRESSES, paths });
    expect(out).toContain('url: http://127.0.0.1:19710/targets/guests');
    expect(out).toContain("targets: ['127.0.0.1:19093']");
    expect(out).toContain('other: my-sd-server:9710 sd-server:97100 x.sd-server:9710');
  });

  it('maps the most specific in-container path first, each once', () => {
    const text =
      '- /etc/prometheus/rules/*.yml\n- /etc/prometheus/pipeline.rules.yml\nf: /run/secrets/smtp';
    const out = renderText(text, { addresses: COMPOSE_ADDRESSES, paths });
    expect(out).toBe(
      '- /repo/stack/prometheus/rules/*.yml\n- /run/x/prometheus/pipeline.rules.yml\nf: /run/x/secrets/smtp',
    );
  });
});

describe('renderAlertmanager', () => {
  const am = [
    'global:',
    "  smtp_smarthost: 'smtp-relay:587'",
    '  smtp_auth_username: u',
    '  smtp_auth_password_file: /run/secrets/smtp_password',
    '  smtp_require_tls: true',
    'route:',
    '  receiver: r',
    '  group_wait: 30s',
    '  routes:',
    '    - receiver: w',
    '      group_wait: 0s',
    '    - receiver: c',
    '      group_wait: 10s',
    '      group_interval: 10m',
  ].join('\n');

  it('plainSmtp drops TLS and auth for a local sink; fastTimings shortens every wait', () => {
    const out = parse(
      renderAlertmanager(am, {
        addresses: NATIVE_ADDRESSES,
        paths,
        plainSmtp: true,
        fastTimings: true,
      }),
    ) as {
      global: Record<string, unknown>;
      route: { group_wait: string; group_interval: string; routes: Record<string, string>[] };
    };
    expect(out.global).toEqual({ smtp_smarthost: '127.0.0.1:19025', smtp_require_tls: false });
    expect(out.route.group_wait).toBe('1s');
    expect(out.route.group_interval).toBe('5s');
    expect(out.route.routes[0]).toEqual({ receiver: 'w', group_wait: '0s' });
    expect(out.route.routes[1]).toEqual({ receiver: 'c', group_wait: '1s', group_interval: '5s' });
  });

  it('leaves production settings alone without options', () => {
    const out = renderAlertmanager(am, { addresses: COMPOSE_ADDRESSES, paths });
    expect(out).toContain('smtp_auth_password_file: /run/x/secrets/smtp_password');
    expect(out).toContain('group_wait: 30s');
  });
});

describe('nativeAddresses', () => {
  it('applies env overrides and rejects malformed ones naming the variable', () => {
    expect(nativeAddresses({ PVEMON_SD_ADDR: '127.0.0.2:9999' }).sdServer).toBe('127.0.0.2:9999');
    expect(() => nativeAddresses({ PVEMON_PROMETHEUS_ADDR: 'localhost' })).toThrow(
      /PVEMON_PROMETHEUS_ADDR="localhost" is not HOST:PORT/,
    );
  });
});

describe('renderPrometheus', () => {
  it('changes only the SD refresh interval when asked, and validates it', () => {
    const text =
      'http_sd_configs:\n  - url: http://sd-server:9710/targets/nodes\n    refresh_interval: 30s\nscrape_interval: 30s\n';
    const out = renderPrometheus(text, { addresses: NATIVE_ADDRESSES, paths, sdRefresh: '5s' });
    expect(out).toContain('refresh_interval: 5s');
    expect(out).toContain('scrape_interval: 30s');
    expect(() =>
      renderPrometheus(text, { addresses: NATIVE_ADDRESSES, paths, sdRefresh: 'soon' }),
    ).toThrow(/sdRefresh must be a duration/);
  });
});
