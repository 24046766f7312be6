// Loads the real PVE bodies in test/fixtures (provenance: test/fixtures/SOURCES.md).
import { readFileSync } from 'node:fs';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
}
