import { DataSourceVariable } from '@grafana/scenes';
import { VAR } from '../constants';

/** The Prometheus datasource every query reads; pre-selected from the app config. */
export function datasourceVariable(defaultUid?: string): DataSourceVariable {
  return new DataSourceVariable({
    name: VAR.ds,
    label: 'Data source',
    pluginId: 'prometheus',
    ...(defaultUid ? { value: defaultUid } : {}),
  });
}
