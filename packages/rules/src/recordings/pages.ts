/** The Grafana app pages (issue: pvemon-proxmox-app) that read recording rules. */
export const PAGE = {
  overview: 'page:Cluster Overview',
  host: 'page:Host Detail',
  compare: 'page:VM Comparison',
  vm: 'page:VM Detail',
  configTable: 'page:VM config table',
} as const;
