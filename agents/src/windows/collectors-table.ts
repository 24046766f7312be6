// Loads and validates windows/collectors.json — the same file Install-WindowsExporter.ps1 reads.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const version = z.string().regex(/^\d+\.\d+\.\d+$/, 'expected x.y.z, e.g. 0.31.0');
const collectorName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a collector name such as logical_disk');

export const collectorInfoSchema = z
  .object({
    series: z
      .string()
      .regex(/^windows_[a-z0-9_]+$/)
      .optional(),
    addedIn: version.optional(),
    removedIn: version.optional(),
    replacedBy: z.array(collectorName).optional(),
    addToPlan: z.boolean().optional(),
    includeFlag: z.string().startsWith('--collector.').optional(),
    verifyWarnOnly: z.boolean().optional(),
    cost: z.enum(['low', 'medium', 'high']),
    notes: z.string().min(1),
  })
  .strict();

export const collectorsTableSchema = z
  .object({
    $comment: z.string().optional(),
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    minimumVersion: version,
    planCollectors: z.array(collectorName).min(1),
    processInclude: z.string().min(1),
    collectors: z.record(collectorName, collectorInfoSchema),
  })
  .strict();

export type CollectorInfo = z.infer<typeof collectorInfoSchema>;
export type CollectorsTable = z.infer<typeof collectorsTableSchema>;

export const collectorsTablePath = fileURLToPath(
  new URL('../../windows/collectors.json', import.meta.url),
);

export function parseCollectorsTable(json: string): CollectorsTable {
  const result = collectorsTableSchema.safeParse(JSON.parse(json));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `collectors.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

export function loadCollectorsTable(path = collectorsTablePath): CollectorsTable {
  return parseCollectorsTable(readFileSync(path, 'utf8'));
}
