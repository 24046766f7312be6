import { SceneVariableSet, type SceneVariable } from '@grafana/scenes';
import { VariableSort } from '@grafana/schema';
import type { AppSettings } from '../settings/appSettings';
import { VAR } from '../constants';
import { GUEST_OPTION_REGEX, TAG_OPTION_REGEX, variableQueries } from '../queries/inventory';
import { datasourceVariable } from './datasourceVariable';
import { inventoryVariable } from './inventoryVariable';

/** ds → cluster: on every page. */
export function baseVariables(settings: AppSettings): SceneVariable[] {
  const q = variableQueries(settings.jobs);
  return [
    datasourceVariable(settings.datasourceUid),
    inventoryVariable({ name: VAR.cluster, label: 'Cluster', query: q.cluster }),
  ];
}

/** ds → cluster → node. */
export function nodeScopedVariables(settings: AppSettings): SceneVariable[] {
  const q = variableQueries(settings.jobs);
  return [...baseVariables(settings), inventoryVariable({ name: VAR.node, label: 'Node', query: q.node })];
}

/** ds → cluster → node → (vcpus, memory_gb, tag) → guests: the Comparison picker. */
export function comparisonVariables(settings: AppSettings): SceneVariableSet {
  const q = variableQueries(settings.jobs);
  return new SceneVariableSet({
    variables: [
      ...nodeScopedVariables(settings),
      inventoryVariable({ name: VAR.vcpus, label: 'vCPUs', query: q.vcpus, sort: VariableSort.numericalAsc }),
      inventoryVariable({
        name: VAR.memoryGb,
        label: 'Memory (GiB)',
        query: q.memoryGb,
        sort: VariableSort.numericalAsc,
      }),
      inventoryVariable({ name: VAR.tag, label: 'Tags', query: q.tag, regex: TAG_OPTION_REGEX }),
      inventoryVariable({
        name: VAR.guest,
        label: 'Guests',
        query: q.filteredGuest,
        regex: GUEST_OPTION_REGEX,
        includeAll: false,
      }),
    ],
  });
}
