import {
  identityOverrideProcessor,
  standardFieldConfigEditorRegistry,
  type FieldConfigPropertyItem,
} from '@grafana/data';

/** Standard field options Grafana core registers at boot (units, mappings, links…), outside Grafana. */
export function registerStandardFieldConfigs(): void {
  const ids = [
    'unit',
    'decimals',
    'min',
    'max',
    'mappings',
    'links',
    'thresholds',
    'noValue',
    'displayName',
    'color',
    'filterable',
  ];
  standardFieldConfigEditorRegistry.setInit(() =>
    ids.map((id): FieldConfigPropertyItem => ({
      id,
      path: id,
      name: id,
      editor: () => null,
      override: () => null,
      process: identityOverrideProcessor,
      shouldApply: () => true,
    }))
  );
}
