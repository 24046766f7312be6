import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
  type SceneFlexItem,
  type SceneObject,
} from '@grafana/scenes';

interface PageSceneOptions {
  variables: SceneVariableSet;
  rows: Array<SceneFlexItem | SceneFlexLayout | SceneObject>;
}

/** Every page: variables, time range and refresh (all kept in the URL by the SceneApp). */
export function pageScene({ variables, rows }: PageSceneOptions): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: variables,
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'], isOnCanvas: true }),
    ],
    body: new SceneFlexLayout({ direction: 'column', children: rows as SceneFlexItem[] }),
  });
}

/** A row of panels that wraps on narrow screens. */
export function row(children: SceneFlexItem[], height?: number): SceneFlexLayout {
  return new SceneFlexLayout({ direction: 'row', wrap: 'wrap', children, ...(height ? { height } : {}) });
}
