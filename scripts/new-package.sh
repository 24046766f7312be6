#!/usr/bin/env bash
# Scaffolds packages/<name> with the workspace conventions (used once per package).
set -euo pipefail
name=$1; desc=$2; formats=${3:-esm}
dir=packages/$name
mkdir -p "$dir/src"
cp LICENSE "$dir/LICENSE"
if [ "$formats" = "esm,cjs" ]; then
  exports='{
    ".": {
      "@pvemon/source": "./src/index.ts",
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  }'
  main='"main": "./dist/index.cjs",
  "module": "./dist/index.js",'
else
  exports='{
    ".": {
      "@pvemon/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    },
    "./package.json": "./package.json"
  }'
  main='"main": "./dist/index.js",'
fi
cat > "$dir/package.json" <<JSON
{
  "name": "@pvemon/$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "Apache-2.0",
  "type": "module",
  "engines": { "node": ">=20.18.1" },
  "exports": $exports,
  $main
  "types": "./dist/index.d.ts",
  "files": ["dist"],
  "sideEffects": false,
  "scripts": {
    "build": "tsup",
    "test": "vitest run",
    "lint": "eslint . && prettier --check . --ignore-path ../../.gitignore --ignore-path ../../.prettierignore",
    "typecheck": "tsc -p tsconfig.json"
  }
}
JSON
cat > "$dir/tsconfig.json" <<'JSON'
{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "test", "bench", "*.ts"]
}
JSON
fmt=$(echo "$formats" | sed "s/\([a-z]*\)/'\1'/g; s/,/, /")
cat > "$dir/tsup.config.ts" <<TS
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: [$fmt],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
TS
cat > "$dir/vitest.config.ts" <<'TS'
import { sharedConfig } from '../../vitest.shared.js';

export default sharedConfig;
TS
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
