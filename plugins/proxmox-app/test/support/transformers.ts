import { standardTransformers, standardTransformersRegistry, type DataTransformerInfo } from '@grafana/data';

/**
 * Grafana core registers its transformers at boot; outside Grafana (jest, the browser harness)
 * we register @grafana/data's standard ones so SceneDataTransformer runs the real code.
 * Aliases (joinByField/seriesToColumns) share an id: register each id once.
 */
export function registerStandardTransformers(): void {
  const byId = new Map<string, DataTransformerInfo>();
  for (const t of Object.values(standardTransformers) as DataTransformerInfo[]) {
    if (!byId.has(t.id)) {
      byId.set(t.id, t);
    }
  }
  standardTransformersRegistry.setInit(() =>
    [...byId.values()].map((t) => ({
      id: t.id,
      aliasIds: t.aliasIds,
      name: t.name,
      description: t.description,
      transformation: () => Promise.resolve(t),
      editor: () => null,
      imageDark: '',
      imageLight: '',
    }))
  );
}
