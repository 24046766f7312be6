import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `stack/` directory (this package's root), from src/ or dist/ alike. */
export function stackDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'compose.yaml'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find stack/compose.yaml above ' + fileURLToPath(import.meta.url));
}

/** The repository root (parent of stack/). */
export function repoDir(): string {
  return resolve(stackDir(), '..');
}

/** The configuration files the stack ships, relative to stack/. */
export const CONFIG_FILES = {
  prometheus: 'prometheus/prometheus.yml',
  pipelineRules: 'prometheus/pipeline.rules.yml',
  rules: 'prometheus/rules',
  alertmanager: 'alertmanager/alertmanager.yml',
  compose: 'compose.yaml',
  receiver: 'alert-receiver/receiver.mjs',
} as const;
