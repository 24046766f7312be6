import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.js';
import { KeyedSemaphores, Semaphore } from './limiter.js';

describe('Semaphore', () => {
  it('never runs more than `limit` tasks at once and runs them all', async () => {
    const semaphore = new Semaphore(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        semaphore.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(2 + (i % 3));
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(semaphore.active).toBe(0);
  });

  it('removes an aborted waiter from the queue', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    expect(semaphore.pending).toBe(1);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(semaphore.pending).toBe(0);
    release();
    release(); // idempotent
    expect(semaphore.active).toBe(0);
  });

  it('keys are independent', async () => {
    const keyed = new KeyedSemaphores(1);
    const a = await keyed.get('a').acquire();
    const b = await keyed.get('b').acquire();
    expect(keyed.active('a') + keyed.active('b')).toBe(2);
    a();
    b();
    expect(keyed.active('c')).toBe(0);
  });
});

describe('backoff', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });
  it('sleep is abortable', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('bye'));
    await expect(pending).rejects.toThrow('bye');
  });
});
