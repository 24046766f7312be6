import React, { useCallback } from 'react';
import { useSceneApp } from '@grafana/scenes';
import type { AppRootProps } from '@grafana/data';
import { resolveSettings, type AppJsonData } from '../../settings/appSettings';
import { makeSceneApp } from './sceneApp';

function App(props: AppRootProps<AppJsonData>) {
  const jsonData = props.meta.jsonData;
  const factory = useCallback(() => makeSceneApp(resolveSettings(jsonData)), [jsonData]);
  const scene = useSceneApp(factory);
  return <scene.Component model={scene} />;
}

export default App;
