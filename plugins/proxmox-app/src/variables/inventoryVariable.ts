import { QueryVariable } from '@grafana/scenes';
import { VariableRefresh, VariableSort } from '@grafana/schema';
import { DS_REF } from '../constants';

interface InventoryVariableOptions {
  name: string;
  label: string;
  query: string;
  regex?: string;
  multi?: boolean;
  includeAll?: boolean;
  sort?: VariableSort;
}

/**
 * A variable whose options come from the inventory metrics. Chained variables reference the
 * upstream ones inside `query`; Scenes re-runs them when those change.
 */
export function inventoryVariable(o: InventoryVariableOptions): QueryVariable {
  const includeAll = o.includeAll ?? true;
  return new QueryVariable({
    name: o.name,
    label: o.label,
    datasource: DS_REF,
    query: { refId: `${o.name}-variable`, query: o.query },
    regex: o.regex ?? '',
    isMulti: o.multi ?? true,
    includeAll,
    defaultToAll: includeAll,
    allValue: includeAll ? '.*' : undefined,
    refresh: VariableRefresh.onTimeRangeChanged,
    sort: o.sort ?? VariableSort.alphabeticalAsc,
  });
}
