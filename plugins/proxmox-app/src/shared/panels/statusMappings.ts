import { MappingType, SpecialValueMatch, type ValueMapping } from '@grafana/data';

const COLORS: Record<string, string> = {
  down: 'red',
  running: 'green',
  online: 'green',
  stopped: 'text',
  unknown: 'orange',
};

/** Value → coloured text for the status codes of queries/inventory.ts; no data = unknown. */
export function statusMappings(codes: Record<string, number>): ValueMapping[] {
  const options = Object.fromEntries(
    Object.entries(codes).map(([name, code], index) => [
      String(code),
      { text: name, color: COLORS[name] ?? 'text', index },
    ])
  );
  return [
    { type: MappingType.ValueToText, options },
    {
      type: MappingType.SpecialValue,
      options: { match: SpecialValueMatch.Null, result: { text: 'unknown', color: 'orange', index: 99 } },
    },
  ];
}
