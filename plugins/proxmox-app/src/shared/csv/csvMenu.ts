import { sceneGraph, VizPanel, VizPanelMenu } from '@grafana/scenes';
import { testIds } from '../../testIds';
import { downloadCsv } from './downloadCsv';
import { csvFileName, framesToCsv } from './frameCsv';

/** The CSV of a table panel exactly as shown: transformed data with the panel's field config applied. */
export function panelCsv(panel: VizPanel): string {
  const data = sceneGraph.getData(panel).state.data;
  if (!data) {
    return framesToCsv([]);
  }
  return framesToCsv(panel.applyFieldConfig(data).series);
}

/**
 * Panel menu with a "Download CSV" action (Scenes has no built-in export, grafana/scenes#275).
 * The menu is a child of its panel, so the action reads that panel's data when clicked.
 */
export function csvMenu(): VizPanelMenu {
  const menu: VizPanelMenu = new VizPanelMenu({
    items: [
      {
        text: testIds.csvMenuItem,
        iconClassName: 'download-alt',
        onClick: () => {
          const panel = menu.parent;
          if (panel instanceof VizPanel) {
            downloadCsv(csvFileName(panel.state.title), panelCsv(panel));
          }
        },
      },
    ],
  });
  return menu;
}
