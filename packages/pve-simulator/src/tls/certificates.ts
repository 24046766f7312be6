// A self-signed cluster CA (like /etc/pve/pve-root-ca.pem) and per-node leaf certificates
// (like pve-ssl.pem). Keys come from node's native RSA generator and certificates are signed
// with node:crypto, so startup stays fast; node-forge only assembles the X.509 structures.
import { X509Certificate, generateKeyPairSync, randomBytes, sign as cryptoSign } from 'node:crypto';
import forge from 'node-forge';

export interface KeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface CertificateAuthority {
  certPem: string;
  key: KeyPair;
  cert: forge.pki.Certificate;
}

export interface LeafCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint as PVE reports it: uppercase hex, colon-separated. */
  fingerprint: string;
}

export function generateRsaKey(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

// RSA key generation dominates startup (~100 ms per key, much more on a busy machine), so the
// CA key and the first leaf key are generated once per process and shared by every simulator in
// it. Certificates stay per simulator: the CA subject carries a random id, so one simulator's
// CA never validates another's leaves.
const sharedKeys = new Map<string, KeyPair>();
export function sharedRsaKey(purpose: 'ca' | 'leaf'): KeyPair {
  let key = sharedKeys.get(purpose);
  if (!key) {
    key = generateRsaKey();
    sharedKeys.set(purpose, key);
  }
  return key;
}

function nativeSign(cert: forge.pki.Certificate, signerKeyPem: string): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption as string;
  cert.siginfo.algorithmOid = oid;
  (cert as unknown as { signatureOid: string }).signatureOid = oid;
  // getTBSCertificate exists at run time but is missing from @types/node-forge.
  const pki = forge.pki as unknown as {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  const tbs = pki.getTBSCertificate(cert);
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = cryptoSign('sha256', der, signerKeyPem).toString('binary');
}

function serial(): string {
  // Positive serial: clear the top bit.
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

export function createCertificateAuthority(clusterName: string): CertificateAuthority {
  const key = sharedRsaKey('ca');
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicKeyPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const attrs = [
    {
      name: 'commonName',
      value: `Proxmox Virtual Environment (${clusterName}, ${randomBytes(4).toString('hex')})`,
    },
    { name: 'organizationalUnitName', value: 'pvemon simulator' },
    { name: 'organizationName', value: 'PVE Cluster Manager CA' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  nativeSign(cert, key.privateKeyPem);
  return { certPem: forge.pki.certificateToPem(cert), key, cert };
}

export interface LeafOptions {
  nodeName: string;
  dnsNames: string[];
  ipAddresses: string[];
  key: KeyPair;
}

export function issueLeafCertificate(ca: CertificateAuthority, opts: LeafOptions): LeafCertificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(opts.key.publicKeyPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 2 * 365 * 86_400_000);
  cert.setSubject([
    { name: 'commonName', value: `${opts.nodeName}.sim.pvemon` },
    { name: 'organizationalUnitName', value: 'PVE Cluster Node' },
    { name: 'organizationName', value: 'Proxmox Virtual Environment' },
  ]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, nonRepudiation: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...opts.dnsNames.map((value) => ({ type: 2, value })),
        ...opts.ipAddresses.map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
  nativeSign(cert, ca.key.privateKeyPem);
  const certPem = forge.pki.certificateToPem(cert);
  return { certPem, keyPem: opts.key.privateKeyPem, fingerprint: fingerprintOf(certPem) };
}

/** SHA-256 fingerprint of a PEM certificate in PVE's format (`AA:BB:...`). */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.toUpperCase();
}
