// PVE release flavours. Each flag is a wire difference documented in the reference (§1.3, §1.5,
// §2.1, §2.6, §2.8) so one switch reproduces the quirks of that release.

export interface PveFlavor {
  /** `/version` `version` field, e.g. "9.1.1" (or "7.4-19" for PVE ≤ 7). */
  version: string;
  release: string;
  repoid: string;
  major: number;
  minor: number;
  /** LXC `vmid` in `/nodes/{n}/lxc` is a string before PVE 8.1 (pve-container 81aa4bd). */
  lxcVmidString: boolean;
  /** QEMU config `memory` is a property string ("4096") since qemu-server 8.0.8 (PVE 8.1). */
  qemuMemoryString: boolean;
  /** JSON error bodies carry `message` since pve-http-server 5.2.0 (PVE 8.3). */
  errorMessageField: boolean;
  /** LXC `/interfaces` adds `hardware-address` + `ip-addresses` (pve-container 5f9f011, 2025). */
  lxcInterfacesIpAddresses: boolean;
  /** Privilege the guest-agent endpoints check: PVE 9 `VM.GuestAgent.Audit`, older `VM.Monitor`. */
  agentPrivilege: 'VM.GuestAgent.Audit' | 'VM.Monitor';
  /** PVE 9 fields: `memhost` on qemu rows, `host-arch` on node rows. */
  pve9Fields: boolean;
}

const KNOWN: Record<string, { version: string; repoid: string }> = {
  '7': { version: '7.4-19', repoid: 'f98bf8d4' },
  '8': { version: '8.4.14', repoid: 'b502d23c55afcba1' },
  '9': { version: '9.1.1', repoid: '42db4a6cf33dac83' },
};

/**
 * Accepts a major ("8", "9"), a release ("8.0", "8.2") or a full version ("8.2.4", "7.4-3").
 * @throws Error naming the accepted forms when the input is not a PVE version.
 */
export function resolvePveVersion(input: string | number): PveFlavor {
  const text = String(input).trim();
  const m = /^(\d+)(?:\.(\d+)(?:[.-](\d+))?)?$/.exec(text);
  const major = m ? Number(m[1]) : NaN;
  if (!m || major < 7 || major > 9) {
    throw new Error(
      `invalid PVE version "${text}": use 7, 8 or 9, a release like 8.2, or a version like 8.2.4`,
    );
  }
  const known = KNOWN[String(major)];
  let version: string;
  if (m[2] === undefined) version = known?.version ?? text;
  else if (major <= 7) version = `${major}.${m[2]}-${m[3] ?? '3'}`;
  else version = `${major}.${m[2]}.${m[3] ?? '4'}`;
  const minor = Number(/^\d+\.(\d+)/.exec(version)?.[1] ?? 0);
  const at = (ma: number, mi: number): boolean => major > ma || (major === ma && minor >= mi);
  const repoid = known?.repoid ?? (major <= 7 ? 'c743d6c1' : '0f1e2d3c4b5a6978');
  return {
    version,
    release: `${major}.${minor}`,
    repoid,
    major,
    minor,
    lxcVmidString: !at(8, 1),
    qemuMemoryString: at(8, 1),
    errorMessageField: at(8, 3),
    lxcInterfacesIpAddresses: at(8, 4),
    agentPrivilege: major >= 9 ? 'VM.GuestAgent.Audit' : 'VM.Monitor',
    pve9Fields: major >= 9,
  };
}
