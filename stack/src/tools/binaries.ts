import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Debian binaries the stack runs, with the package that provides each. */
export const BINARIES = {
  prometheus: { bin: 'prometheus', pkg: 'prometheus' },
  promtool: { bin: 'promtool', pkg: 'prometheus' },
  alertmanager: { bin: 'prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  amtool: { bin: 'amtool', pkg: 'prometheus-alertmanager' },
  nodeExporter: { bin: 'prometheus-node-exporter', pkg: 'prometheus-node-exporter' },
  dockerCompose: { bin: 'docker-compose', pkg: 'docker-compose' },
} as const;

export type BinaryName = keyof typeof BINARIES;

/** Absolute path of `name` on PATH (plus /usr/sbin, /usr/bin), or undefined. */
export function findBinary(name: BinaryName, path = process.env.PATH ?? ''): string | undefined {
  const dirs = [...path.split(delimiter), '/usr/bin', '/usr/sbin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, BINARIES[name].bin);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export class MissingBinaryError extends Error {
  constructor(readonly binary: BinaryName) {
    const { bin, pkg } = BINARIES[binary];
    super(
      `${bin} not found on PATH: run \`npm run setup\` (installs the Debian package "${pkg}" listed in scripts/apt-packages.txt)`,
    );
    this.name = 'MissingBinaryError';
  }
}

export function requireBinary(name: BinaryName): string {
  const found = findBinary(name);
  if (!found) throw new MissingBinaryError(name);
  return found;
}
