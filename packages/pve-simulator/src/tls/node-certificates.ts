// The cluster's TLS material: one CA (written to disk as pve-root-ca.pem) and one leaf
// certificate per node — distinct certificates, so distinct fingerprints, as every real node
// has its own pve-ssl.pem. Rotation issues new leaves (with a new key) at run time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCertificateAuthority,
  generateRsaKey,
  issueLeafCertificate,
  sharedRsaKey,
} from './certificates.js';
import type { CertificateAuthority, KeyPair, LeafCertificate } from './certificates.js';

export interface CertNode {
  name: string;
  ip: string;
}

export class NodeCertificates {
  readonly ca: CertificateAuthority;
  readonly caPath: string;
  private readonly ownDir: string | undefined;
  private readonly leaves = new Map<string, LeafCertificate>();
  private key: KeyPair = sharedRsaKey('leaf');

  /**
   * @param extraIps further SAN IPs (e.g. the listen address)
   * @param caDir where to write the CA; default a fresh temp dir removed by dispose()
   * @param extraDnsNames further SAN host names (e.g. a Compose service name)
   */
  constructor(
    clusterName: string,
    private readonly nodes: readonly CertNode[],
    private readonly extraIps: readonly string[],
    caDir: string | undefined,
    private readonly extraDnsNames: readonly string[] = [],
  ) {
    this.ca = createCertificateAuthority(clusterName);
    this.ownDir = caDir === undefined ? mkdtempSync(join(tmpdir(), 'pvemon-sim-')) : undefined;
    this.caPath = join(caDir ?? (this.ownDir as string), 'pve-root-ca.pem');
    writeFileSync(this.caPath, this.ca.certPem);
    for (const n of nodes) this.leaves.set(n.name, this.issue(n));
  }

  private issue(n: CertNode): LeafCertificate {
    return issueLeafCertificate(this.ca, {
      nodeName: n.name,
      dnsNames: [...new Set(['localhost', n.name, `${n.name}.sim.pvemon`, ...this.extraDnsNames])],
      ipAddresses: [...new Set(['127.0.0.1', '::1', n.ip, ...this.extraIps])],
      key: this.key,
    });
  }

  leaf(node: string): LeafCertificate {
    const leaf = this.leaves.get(node);
    if (!leaf) throw new Error(`no certificate for node "${node}"`);
    return leaf;
  }

  fingerprint(node: string): string | undefined {
    return this.leaves.get(node)?.fingerprint;
  }

  fingerprints(): Record<string, string> {
    return Object.fromEntries([...this.leaves].map(([n, l]) => [n, l.fingerprint]));
  }

  /** New key and new leaf certificates for the given nodes; returns node → new fingerprint. */
  rotate(nodeNames: readonly string[]): Map<string, LeafCertificate> {
    this.key = generateRsaKey();
    const out = new Map<string, LeafCertificate>();
    for (const name of nodeNames) {
      const node = this.nodes.find((n) => n.name === name);
      if (!node) throw new Error(`no certificate for node "${name}"`);
      const leaf = this.issue(node);
      this.leaves.set(name, leaf);
      out.set(name, leaf);
    }
    return out;
  }

  dispose(): void {
    if (this.ownDir) rmSync(this.ownDir, { recursive: true, force: true });
  }
}
