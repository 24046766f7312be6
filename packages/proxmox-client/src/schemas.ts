// Wire schemas of the `data` payloads we read. Lenient on extra fields (loose objects: PVE adds
// fields across versions), strict on the fields we use, and tolerant of PVE's type drift
// (int-or-string vmid/memory, 0/1 booleans).
import { z } from 'zod';

/** Integer or integer string (LXC `vmid` before PVE 8.1, `cpus` in some bodies). */
export const intLike = z.union([
  z.number().int(),
  z.string().regex(/^\s*-?\d+\s*$/, 'expected an integer or integer string'),
]);
/** Number or numeric string. */
export const numberLike = z.union([
  z.number(),
  z.string().regex(/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/, 'expected a number'),
]);
/** Perl booleans: 0/1 numbers, occasionally strings or real booleans. */
export const boolLike = z.union([z.number(), z.boolean(), z.string()]);

export const versionSchema = z.looseObject({
  version: z.string(),
  release: z.string().optional(),
  repoid: z.string().optional(),
  console: z.string().optional(),
});

const statFields = {
  cpu: numberLike.optional(),
  maxcpu: numberLike.optional(),
  mem: numberLike.optional(),
  maxmem: numberLike.optional(),
  disk: numberLike.optional(),
  maxdisk: numberLike.optional(),
  uptime: numberLike.optional(),
};

const guestStatFields = {
  ...statFields,
  memhost: numberLike.optional(),
  netin: numberLike.optional(),
  netout: numberLike.optional(),
  diskread: numberLike.optional(),
  diskwrite: numberLike.optional(),
  pid: intLike.optional(),
};

export const clusterResourceSchema = z
  .looseObject({
    id: z.string(),
    type: z.string(),
    node: z.string().optional(),
    vmid: intLike.optional(),
    name: z.string().optional(),
    status: z.string().optional(),
    template: boolLike.optional(),
    tags: z.string().optional(),
    pool: z.string().optional(),
    lock: z.string().optional(),
    hastate: z.string().optional(),
    level: z.string().optional(),
    'cgroup-mode': numberLike.optional(),
    'host-arch': z.string().optional(),
    storage: z.string().optional(),
    plugintype: z.string().optional(),
    content: z.string().optional(),
    shared: boolLike.optional(),
    ...guestStatFields,
  })
  .superRefine((row, ctx) => {
    const needsNode = row.type === 'qemu' || row.type === 'lxc' || row.type === 'node';
    if (needsNode && row.node === undefined) {
      ctx.addIssue({ code: 'custom', path: ['node'], message: `required for type ${row.type}` });
    }
    if ((row.type === 'qemu' || row.type === 'lxc') && row.vmid === undefined) {
      ctx.addIssue({ code: 'custom', path: ['vmid'], message: `required for type ${row.type}` });
    }
  });
export type ClusterResourceWire = z.infer<typeof clusterResourceSchema>;
export const clusterResourcesSchema = z.array(clusterResourceSchema);

export const nodeListItemSchema = z.looseObject({
  node: z.string(),
  status: z.string().optional(),
  id: z.string().optional(),
  level: z.string().optional(),
  ssl_fingerprint: z.string().optional(),
  ...statFields,
});
export type NodeListItemWire = z.infer<typeof nodeListItemSchema>;
export const nodeListSchema = z.array(nodeListItemSchema);

export const guestListItemSchema = z.looseObject({
  vmid: intLike,
  name: z.string().optional(),
  status: z.string().optional(),
  template: boolLike.optional(),
  tags: z.string().optional(),
  lock: z.string().optional(),
  cpus: numberLike.optional(),
  ...guestStatFields,
});
export type GuestListItemWire = z.infer<typeof guestListItemSchema>;
export const guestListSchema = z.array(guestListItemSchema);

export const clusterStatusRowSchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  nodes: intLike.optional(),
  version: intLike.optional(),
  quorate: boolLike.optional(),
  nodeid: intLike.optional(),
  ip: z.string().optional(),
  local: boolLike.optional(),
  online: boolLike.optional(),
  level: z.string().optional(),
});
export type ClusterStatusRowWire = z.infer<typeof clusterStatusRowSchema>;
export const clusterStatusSchema = z.array(
  clusterStatusRowSchema.superRefine((row, ctx) => {
    if ((row.type === 'node' || row.type === 'cluster') && row.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: `required for type ${row.type}` });
    }
  }),
);

const INDEXED_PROPERTY = /^(net|ipconfig|hostpci)\d+$/;

/** Guest config: any keys, but the ones we parse must have the right type. */
export const guestConfigSchema = z
  .looseObject({
    digest: z.string().optional(),
    name: z.string().optional(),
    hostname: z.string().optional(),
    tags: z.string().optional(),
    memory: z.union([z.number(), z.string()]).optional(),
    sockets: intLike.optional(),
    cores: intLike.optional(),
    vcpus: intLike.optional(),
    ostype: z.string().optional(),
    agent: z.union([z.string(), z.number()]).optional(),
    smbios1: z.string().optional(),
    balloon: intLike.optional(),
  })
  .superRefine((config, ctx) => {
    for (const [key, value] of Object.entries(config)) {
      if (INDEXED_PROPERTY.test(key) && typeof value !== 'string') {
        ctx.addIssue({ code: 'custom', path: [key], message: 'expected a property string' });
      }
    }
  });

const agentAddressSchema = z.looseObject({
  'ip-address': z.string(),
  'ip-address-type': z.string(),
  prefix: intLike.optional(),
});

export const agentInterfaceSchema = z.looseObject({
  name: z.string(),
  'hardware-address': z.string().optional(),
  'ip-addresses': z.array(agentAddressSchema).optional(),
  statistics: z.record(z.string(), z.unknown()).optional(),
});
export type AgentInterfaceWire = z.infer<typeof agentInterfaceSchema>;

export const agentErrorSchema = z.looseObject({
  error: z.looseObject({ class: z.string().optional(), desc: z.string().optional() }),
});

/** `{result: [...]}` or, on old PVE, `{result: {error: {class, desc}}}` with HTTP 200. */
export const agentInterfacesSchema = z.looseObject({
  result: z.union([z.array(agentInterfaceSchema), agentErrorSchema]),
});
export type AgentInterfacesWire = z.infer<typeof agentInterfacesSchema>;

export const lxcInterfaceSchema = z.looseObject({
  name: z.string(),
  hwaddr: z.string().optional(),
  'hardware-address': z.string().optional(),
  inet: z.string().optional(),
  inet6: z.string().optional(),
  'ip-addresses': z.array(agentAddressSchema).optional(),
});
export type LxcInterfaceWire = z.infer<typeof lxcInterfaceSchema>;
/** Bare array; `null` for a stopped container. */
export const lxcInterfacesSchema = z.array(lxcInterfaceSchema).nullable();

export const permissionsSchema = z.record(z.string(), z.record(z.string(), boolLike));

export const ticketSchema = z.looseObject({
  ticket: z.string(),
  CSRFPreventionToken: z.string().optional(),
  username: z.string().optional(),
});
