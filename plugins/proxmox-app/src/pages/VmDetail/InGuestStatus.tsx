import React from 'react';
import {
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneQueryRunner,
} from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import type { DataFrame } from '@grafana/data';
import { testIds } from '../../testIds';
import { diagnoseInGuest, inGuestMessage, type InGuestFacts } from './inGuestDiagnosis';

interface InGuestStatusState extends SceneObjectState {
  $data: SceneQueryRunner;
  /** sd-server base URL (app config): links to the discovery targets when data is missing. */
  sdServerUrl?: string;
}

/** Banner above the in-guest panels explaining missing data (no agent, no address, exporter down, stopped). */
export class InGuestStatus extends SceneObjectBase<InGuestStatusState> {
  static Component = InGuestStatusRenderer;
}

function firstLabel(frames: DataFrame[], refId: string, label: string): string | undefined {
  const frame = frames.find((f) => f.refId === refId);
  const field = frame?.fields.find((f) => f.name === label);
  const value: unknown = field?.values[0];
  return typeof value === 'string' ? value : undefined;
}

/** Reads the `info` (guest status label) and `up` frames of the VM Detail status query. */
export function factsFromFrames(frames: DataFrame[]): InGuestFacts {
  const status = firstLabel(frames, 'info', 'status');
  const up = frames.find((f) => f.refId === 'up');
  const instances = up?.fields.find((f) => f.name === 'instance')?.values ?? [];
  const values = up?.fields.find((f) => f.name.startsWith('Value'))?.values ?? [];
  const targets = instances.map((address: unknown, i: number) => ({ address: String(address), up: Number(values[i]) }));
  return { status, targets };
}

function InGuestStatusRenderer({ model }: SceneComponentProps<InGuestStatus>) {
  const { data } = sceneGraph.getData(model).useState();
  if (!data || data.state !== 'Done') {
    return null;
  }
  const state = diagnoseInGuest(factsFromFrames(data.series));
  const message = inGuestMessage(state);
  const { sdServerUrl } = model.state;
  return (
    <div data-testid={testIds.vmDetail.inGuestStatus}>
      <Alert severity={message.severity} title={message.title}>
        {message.text}
        {sdServerUrl && state.kind !== 'ok' ? (
          <>
            {' '}
            <a href={`${sdServerUrl}/targets/guests`} target="_blank" rel="noreferrer">
              Guest targets served by the sd-server
            </a>
          </>
        ) : null}
      </Alert>
    </div>
  );
}
