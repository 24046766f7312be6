// One 'abort' listener per signal, fanning out to any number of callbacks. An inventory shares
// one signal across ~100 concurrent requests and their queue slots: EventTarget scans its whole
// listener list on every add/remove (and warns past 10 listeners), a Set does not.

const callbacks = new WeakMap<AbortSignal, Set<() => void>>();

/** Runs `fn` once when `signal` aborts (now, if it already has); returns the detach function. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let set = callbacks.get(signal);
  if (set === undefined) {
    const fresh = new Set<() => void>();
    set = fresh;
    callbacks.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        for (const f of [...fresh]) f();
        fresh.clear();
      },
      { once: true },
    );
  }
  const mine = set;
  mine.add(fn);
  return () => mine.delete(fn);
}
