import type { DataFrame } from '@grafana/data';
import type { SceneObject, SceneQueryRunner } from '@grafana/scenes';

/** `vm_name` of the `info` frame (the guest's inventory row), when the inventory knows the guest. */
export function guestNameFromFrames(frames: DataFrame[]): string | undefined {
  const info = frames.find((f) => f.refId === 'info');
  const value: unknown = info?.fields.find((f) => f.name === 'vm_name')?.values[0];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A scene behaviour that reports the guest's name whenever `runner` (which carries the `info`
 * query) gets data — the page title shows it; the route only has the vm_id.
 */
export function reportGuestName(runner: SceneQueryRunner, onName: (name: string) => void) {
  return (_scene: SceneObject) => {
    const report = () => {
      const name = guestNameFromFrames(runner.state.data?.series ?? []);
      if (name) {
        onName(name);
      }
    };
    report();
    const sub = runner.subscribeToState(report);
    return () => sub.unsubscribe();
  };
}
