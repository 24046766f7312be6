import { z } from 'zod';
import { duration } from './duration.js';

const port = z.number().int().min(1).max(65535);
const fingerprint = z
  .string()
  .regex(
    /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/,
    'expected a SHA-256 fingerprint as PVE shows it: 32 colon-separated hex bytes (AB:CD:…)',
  );
const cidr = z
  .string()
  .regex(/^[0-9a-fA-F.:]+\/\d{1,3}$/, 'expected a CIDR such as 10.20.0.0/16 or fd00::/8');

const url = z
  .string()
  .url('expected an https:// URL such as https://pve1.example.com:8006')
  .refine((u) => u.startsWith('https://'), 'the Proxmox API is served over https:// only');

export const clusterSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
        'use letters, digits, ".", "_" and "-" (it becomes the `cluster` label)',
      ),
    endpoints: z.array(url).min(1, 'list at least one node API URL'),
    tokenId: z
      .string()
      .regex(
        /^[^@!\s]+@[^@!\s]+![A-Za-z][A-Za-z0-9._-]*$/,
        'expected USER@REALM!TOKENID, e.g. monitor@pve!sd',
      ),
    tokenSecret: z.string().min(1).optional(),
    tokenSecretFile: z.string().min(1).optional(),
    tls: z
      .object({
        caFile: z.string().min(1).optional(),
        fingerprints: z.array(fingerprint).default([]),
        insecure: z.boolean().default(false),
      })
      .strict()
      .default({ fingerprints: [], insecure: false }),
    ports: z
      .object({
        windows: port.default(9182),
        linux: port.default(9100),
        lxc: port.default(9100),
        other: port.default(9100),
      })
      .strict()
      .default({ windows: 9182, linux: 9100, lxc: 9100, other: 9100 }),
    nodeExporterPort: port.default(9100),
    gpuExporterPort: port.default(9835),
    gpuNodes: z.array(z.string()).default([]),
    pveExporter: z
      .object({
        target: z.string().min(1).optional(),
        module: z.string().min(1).default('default'),
      })
      .strict()
      .default({ module: 'default' }),
    allowLoopback: z.boolean().default(false),
    preferredCidrs: z.array(cidr).default([]),
    ignoreInterfaces: z.array(z.string()).default([]),
    preferIpv6: z.boolean().default(false),
    configTtl: duration.default(600),
    addressTtl: duration.default(300),
    agentTimeout: duration.default(10),
    requestTimeout: duration.default(15),
    perNodeConcurrency: z.number().int().min(1).max(64).default(3),
    maxConcurrency: z.number().int().min(1).max(256).default(32),
    agentBreaker: z
      .object({
        failures: z.number().int().min(1).default(3),
        backoff: duration.default(300),
        maxBackoff: duration.default(1800),
      })
      .strict()
      .default({ failures: 3, backoff: 300, maxBackoff: 1800 }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.tokenSecret && !c.tokenSecretFile)
      ctx.addIssue({
        code: 'custom',
        path: ['tokenSecret'],
        message: 'set tokenSecret or tokenSecretFile (or PVE_TOKEN_SECRET / PVE_TOKEN_SECRET_FILE)',
      });
    if (c.tokenSecret && c.tokenSecretFile)
      ctx.addIssue({
        code: 'custom',
        path: ['tokenSecretFile'],
        message: 'set only one of tokenSecret and tokenSecretFile',
      });
    if (c.tls.insecure && (c.tls.caFile || c.tls.fingerprints.length > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['tls', 'insecure'],
        message: 'insecure disables verification; drop it when caFile or fingerprints are set',
      });
  });

export const configSchema = z
  .object({
    listen: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(9710),
      })
      .strict()
      .default({ host: '0.0.0.0', port: 9710 }),
    refreshInterval: duration.default(60),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    auth: z
      .object({
        bearerToken: z.string().min(16, 'use at least 16 characters').optional(),
        bearerTokenFile: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    /** /targets answers 503 until every cluster has succeeded once or this much time has passed. */
    startupGrace: duration.default(120),
    clusters: z.array(clusterSchema).min(1, 'configure at least one cluster'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.clusters.forEach((cl, i) => {
      if (seen.has(cl.name))
        ctx.addIssue({
          code: 'custom',
          path: ['clusters', i, 'name'],
          message: `duplicate cluster name "${cl.name}"`,
        });
      seen.add(cl.name);
    });
  });

export type ClusterConfigInput = z.input<typeof clusterSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;
export type SdConfigInput = z.input<typeof configSchema>;
export type SdConfig = z.output<typeof configSchema>;
