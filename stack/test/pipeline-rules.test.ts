// stack/prometheus/pipeline.rules.yml: promtool check rules + promtool unit tests (Watchdog fires
// always; AlertmanagerNotificationsFailing fires at >10 % failures after 10m, not at 5 %).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackDir } from '../src/paths.js';
import { requireBinary } from '../src/tools/binaries.js';
import { run } from '../src/tools/run.js';

const dir = join(stackDir(), 'prometheus');

describe('pipeline.rules.yml', () => {
  const promtool = requireBinary('promtool');

  it('passes promtool check rules', async () => {
    const res = await run(promtool, ['check', 'rules', 'pipeline.rules.yml'], { cwd: dir });
    expect(res.stdout).toMatch(/SUCCESS: 2 rules found/);
    expect(res.code).toBe(0);
  });

  it('passes its promtool unit tests', async () => {
    const res = await run(promtool, ['test', 'rules', 'pipeline.rules.test.yml'], { cwd: dir });
    expect(res.stdout + res.stderr).toMatch(/SUCCESS/);
    expect(res.code, res.stdout + res.stderr).toBe(0);
  });
});
