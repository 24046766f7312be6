// Name material for generated guests.

export const LINUX_ROLES = ['web', 'db', 'app', 'cache', 'k8s-worker', 'ci-runner', 'proxy', 'mq'];
export const WINDOWS_ROLES = ['win-ad', 'win-sql', 'win-rds', 'win-iis', 'win-desktop'];
// A few hostile names on purpose: clients must survive unicode and quotes.
export const ODD_NAMES = [
  'dätenbank-ü01',
  "o'brien-vm",
  'web "quoted"',
  'サーバー-1',
  'naïve café',
];

/** A role-based default name matching the guest's OS family. */
export function defaultGuestName(vmid: number, windows: boolean): string {
  const roles = windows ? WINDOWS_ROLES : LINUX_ROLES;
  return `${roles[vmid % roles.length] ?? 'vm'}-${String(vmid).padStart(3, '0')}`;
}
