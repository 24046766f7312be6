/**
 * Go-template fragments for annotations. `WHERE` renders "guest web1 (101) on node pve1" for guest
 * alerts and "node pve1" for host alerts, so one alert can cover both without empty phrases.
 */
export const WHERE =
  '{{ with $labels.vm_name }}guest {{ . }} ({{ $labels.vm_id }}) on {{ end }}node {{ $labels.node }}';
export const GUEST = 'guest {{ $labels.vm_name }} ({{ $labels.vm_id }}) on node {{ $labels.node }}';
export const PERCENT = '{{ $value | humanizePercentage }}';
