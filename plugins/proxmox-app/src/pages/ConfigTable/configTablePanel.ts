import { PanelBuilders, type VizPanel } from '@grafana/scenes';
import { MappingType, SpecialValueMatch, ThresholdsMode, type ValueMapping } from '@grafana/data';
import type { JobNames } from '@pvemon/rules';
import { configTableQueries, GUEST_STATUS } from '../../queries/inventory';
import { csvMenu } from '../../shared/csv/csvMenu';
import { drilldownLinks } from '../../shared/links';
import { transformed } from '../../shared/queryRunner';
import { statusMappings } from '../../shared/panels/statusMappings';
import { configTableTransformations } from './configTableTransformations';

const EXPORTER_MAPPINGS: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: { '1': { text: 'up', color: 'green', index: 0 }, '0': { text: 'down', color: 'red', index: 1 } },
  },
  { type: MappingType.SpecialValue, options: { match: SpecialValueMatch.Null, result: { text: 'none', index: 2 } } },
];

/** sd-server's `agent` label: QEMU guest agent enabled in the config (LXC: always `0`). */
const AGENT_MAPPINGS: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: { '1': { text: 'yes', index: 0 }, '0': { text: 'no', index: 1 } },
  },
];

/** `;db;prod;` (sd-server's tags label) shown as `db;prod`. */
const TAG_MAPPINGS: ValueMapping[] = [
  { type: MappingType.RegexToText, options: { pattern: '^;(.*);$', result: { text: '$1', index: 0 } } },
];

/** The VM config table; `scope` narrows it (Comparison embeds it for the selected guests). */
export function configTablePanel(jobs: JobNames, scope: string[] = [], title = 'VM configuration'): VizPanel {
  return PanelBuilders.table()
    .setTitle(title)
    .setData(transformed(configTableQueries(jobs, scope), configTableTransformations()))
    .setMenu(csvMenu())
    .setCustomFieldConfig('filterable', true)
    .setNoValue('')
    .setOverrides((b) => {
      b.matchFieldsWithName('Name').overrideLinks([{ title: 'VM detail', url: drilldownLinks.vmFromField('ID') }]);
      b.matchFieldsWithName('Node').overrideLinks([
        { title: 'Host detail', url: drilldownLinks.hostFromField('Node') },
      ]);
      b.matchFieldsWithName('Status').overrideMappings(statusMappings(GUEST_STATUS));
      b.matchFieldsWithName('In-guest exporter').overrideMappings(EXPORTER_MAPPINGS);
      b.matchFieldsWithName('Tags').overrideMappings(TAG_MAPPINGS);
      b.matchFieldsWithName('Agent').overrideMappings(AGENT_MAPPINGS);
      b.matchFieldsWithName('Uptime').overrideUnit('dtdurations').overrideDecimals(0);
      b.matchFieldsWithName('GPU/vGPU devices').overrideThresholds({
        mode: ThresholdsMode.Absolute,
        steps: [{ value: -Infinity, color: 'text' }],
      });
    })
    .build();
}
