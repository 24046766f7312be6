import { PLUGIN_BASE_URL, ROUTES, VAR } from '../constants';

/** Query string a drill-down keeps: time range, refresh, datasource and cluster. */
const KEEP = `\${__url_time_range}&\${${VAR.ds}:queryparam}&\${${VAR.cluster}:queryparam}`;

/** Data-link templates (interpolated by Scenes per cell/series). */
export const drilldownLinks = {
  hostFromField: (field: string) => `${PLUGIN_BASE_URL}/${ROUTES.hosts}/\${__data.fields["${field}"]}?${KEEP}`,
  vmFromField: (field: string) => `${PLUGIN_BASE_URL}/${ROUTES.vms}/\${__data.fields["${field}"]}?${KEEP}`,
  hostFromSeries: () => `${PLUGIN_BASE_URL}/${ROUTES.hosts}/\${__field.labels.node}?${KEEP}`,
  vmFromSeries: () => `${PLUGIN_BASE_URL}/${ROUTES.vms}/\${__field.labels.vm_id}?${KEEP}`,
};
