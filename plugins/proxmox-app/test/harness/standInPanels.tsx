import React from 'react';
import {
  getFieldDisplayName,
  getFieldDisplayValues,
  PanelPlugin,
  FieldType,
  type PanelProps,
  type PanelPluginMeta,
  type PluginMeta,
} from '@grafana/data';
import { Table, useTheme2 } from '@grafana/ui';

/**
 * Grafana's core panels (table, stat, bar gauge, time series) are not on npm. These stand-ins
 * render the data the real panels would receive (after transformations and field config):
 * the table is @grafana/ui's real Table; stat/bar gauge tiles use the real display processor
 * (units, value mappings, colours, data links); time series draw a small SVG chart.
 * Each marks itself with data-pvemon-panel / data-rows so the harness can assert "has data".
 */
function Marker({ kind, rows, children }: { kind: string; rows: number; children: React.ReactNode }) {
  return (
    <div data-pvemon-panel={kind} data-rows={rows} style={{ width: '100%', height: '100%', overflow: 'auto' }}>
      {children}
    </div>
  );
}

function TablePanel({ data, width, height }: PanelProps) {
  const frame = data.series[0];
  return (
    <Marker kind="table" rows={frame?.length ?? 0}>
      {frame ? <Table data={frame} width={width} height={height} /> : null}
    </Marker>
  );
}

function useDisplayValues(props: PanelProps) {
  const theme = useTheme2();
  return getFieldDisplayValues({
    fieldConfig: props.fieldConfig,
    reduceOptions: { calcs: ['lastNotNull'], values: false },
    data: props.data.series,
    theme,
    replaceVariables: props.replaceVariables,
    timeZone: 'utc',
  });
}

function StatPanel(props: PanelProps) {
  const values = useDisplayValues(props);
  const hasData = props.data.series.some((f) => f.length > 0);
  return (
    <Marker kind="stat" rows={hasData ? values.length : 0}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
        {values.map((v, i) => {
          const link = v.getLinks?.()[0];
          const tile = (
            <div
              style={{
                background: v.display.color,
                color: '#fff',
                padding: '4px 8px',
                borderRadius: 2,
                minWidth: 90,
                fontSize: 12,
              }}
            >
              <div>{v.display.title}</div>
              <strong
                style={{ fontSize: 16 }}
              >{`${v.display.prefix ?? ''}${v.display.text}${v.display.suffix ?? ''}`}</strong>
            </div>
          );
          return link ? (
            <a key={i} href={link.href} data-pvemon-link={v.display.title}>
              {tile}
            </a>
          ) : (
            <div key={i}>{tile}</div>
          );
        })}
      </div>
    </Marker>
  );
}

function BarGaugePanel(props: PanelProps) {
  const values = useDisplayValues(props);
  const max = Math.max(...values.map((v) => v.display.numeric), 1e-9);
  const hasData = props.data.series.some((f) => f.length > 0);
  return (
    <Marker kind="bargauge" rows={hasData ? values.length : 0}>
      {values.map((v, i) => (
        <div key={i} style={{ display: 'flex', alignItems: 'center', gap: 8, fontSize: 12, margin: '2px 0' }}>
          <span style={{ width: 140, overflow: 'hidden', whiteSpace: 'nowrap' }}>{v.display.title}</span>
          <span style={{ flex: 1, background: '#333' }}>
            <span
              style={{
                display: 'block',
                height: 12,
                width: `${(100 * v.display.numeric) / max}%`,
                background: v.display.color ?? '#73bf69',
              }}
            />
          </span>
          <span style={{ width: 80, textAlign: 'right' }}>{`${v.display.text}${v.display.suffix ?? ''}`}</span>
        </div>
      ))}
    </Marker>
  );
}

const COLORS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a'];

function TimeSeriesPanel({ data, width, height }: PanelProps) {
  const series = data.series.flatMap((frame) => {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    return frame.fields
      .filter((f) => f.type === FieldType.number)
      .map((f) => ({
        name: getFieldDisplayName(f, frame, data.series),
        t: (time?.values ?? []) as number[],
        v: f.values as number[],
        f,
      }));
  });
  const points = series.flatMap((s) => s.v.filter((x) => Number.isFinite(x)));
  const [t0, t1] = [data.timeRange.from.valueOf(), data.timeRange.to.valueOf()];
  const [lo, hi] = [Math.min(0, ...points), Math.max(...points, 1e-9)];
  const h = Math.max(40, height - 24 - 16 * Math.min(series.length, 4));
  const x = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * width;
  const y = (v: number) => h - ((v - lo) / (hi - lo || 1)) * (h - 4);
  const top = series[0]?.f.display?.(hi);
  return (
    <Marker kind="timeseries" rows={points.length}>
      <div style={{ fontSize: 10, opacity: 0.7 }}>{top ? `max ${top.text}${top.suffix ?? ''}` : ''}</div>
      <svg width={width} height={h}>
        {series.map((s, i) => (
          <polyline
            key={i}
            fill="none"
            stroke={COLORS[i % COLORS.length]}
            strokeWidth={1.5}
            points={s.t.map((t, j) => `${x(t).toFixed(1)},${y(s.v[j] ?? 0).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <div style={{ fontSize: 11, display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {series.slice(0, 12).map((s, i) => (
          <span key={i} style={{ color: COLORS[i % COLORS.length] }}>
            ■ {s.name}
          </span>
        ))}
      </div>
    </Marker>
  );
}

function plugin(id: string, component: React.ComponentType<PanelProps>): PanelPlugin {
  const p = new PanelPlugin(component).useFieldConfig({});
  p.meta = {
    id,
    name: id,
    type: 'panel',
    info: { logos: { small: '', large: '' } },
    module: '',
    baseUrl: '',
  } as unknown as PanelPluginMeta & PluginMeta;
  return p;
}

export const standInPanels: Record<string, PanelPlugin> = {
  table: plugin('table', TablePanel),
  stat: plugin('stat', StatPanel),
  bargauge: plugin('bargauge', BarGaugePanel),
  timeseries: plugin('timeseries', TimeSeriesPanel),
};
