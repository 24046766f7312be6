// Checks the shipped .ps1 files: real-grammar syntax, and that the logic the TypeScript mirrors test
// (src/windows/*.ts) is the logic the scripts run — same regexes, same data file, no hard-coded
// collector names or versions in the PowerShell.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tree } from 'web-tree-sitter';
import {
  commandNames,
  functionNames,
  functionSource,
  parsePowerShell,
  syntaxProblems,
} from '../src/powershell/parser.js';
import { loadCollectorsTable } from '../src/windows/collectors-table.js';

const read = (name: string): string =>
  readFileSync(new URL(`../windows/${name}`, import.meta.url), 'utf8');
const install = read('Install-WindowsExporter.ps1');
const uninstall = read('Uninstall-WindowsExporter.ps1');
const readme = read('README.md');
const table = loadCollectorsTable();

let installTree: Tree;
let uninstallTree: Tree;
beforeAll(async () => {
  installTree = await parsePowerShell(install);
  uninstallTree = await parsePowerShell(uninstall);
});

function fn(name: string): string {
  const src = functionSource(installTree, name);
  if (!src) throw new Error(`function ${name} not found in Install-WindowsExporter.ps1`);
  return src;
}

/** Single-quoted PowerShell string literals used with -match in a function. */
function matchRegexes(source: string): string[] {
  return [...source.matchAll(/-match '([^']+)'/g)].map((m) => m[1] as string);
}

/** "  N  text" lines of the .NOTES exit-code list. */
function documentedExitCodes(source: string): Map<number, string> {
  const notes = source.slice(source.indexOf('Exit codes:'), source.indexOf('#>'));
  return new Map(
    [...notes.matchAll(/^\s+(\d+)\s+(.+)$/gm)].map((m) => [Number(m[1]), (m[2] as string).trim()]),
  );
}

/** Values of the $ExitCodes hashtable. */
function exitCodeTable(source: string): number[] {
  const block = /\$ExitCodes = @\{([^}]+)\}/.exec(source)?.[1] ?? '';
  return [...block.matchAll(/=\s*(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

describe('Install-WindowsExporter.ps1', () => {
  it('parses without ERROR or MISSING nodes', () => {
    expect(syntaxProblems(installTree)).toEqual([]);
  });

  it('the same check fails once the script is broken', async () => {
    const broken = install.replace(
      'function Get-ExpectedSha256 {',
      'function Get-ExpectedSha256 {{',
    );
    expect(syntaxProblems(await parsePowerShell(broken)).length).toBeGreaterThan(0);
  });

  it('defines the functions the TypeScript mirrors', () => {
    expect(functionNames(installTree)).toEqual(
      expect.arrayContaining([
        'ConvertTo-ExporterVersion',
        'Resolve-CollectorPlan',
        'Select-ExporterRelease',
        'Get-ExpectedSha256',
        'Get-MetricsProblems',
      ]),
    );
  });

  it('reads collectors.json and keeps collector names and versions out of the code', () => {
    expect(install).toMatch(/Join-Path \$PSScriptRoot 'collectors\.json'/);
    const plan = fn('Resolve-CollectorPlan');
    for (const key of [
      'planCollectors',
      'addToPlan',
      'removedIn',
      'addedIn',
      'replacedBy',
      'includeFlag',
      'processInclude',
    ])
      expect(plan, key).toContain(key);
    for (const name of Object.keys(table.collectors))
      expect(plan).not.toMatch(new RegExp(`'${name}'`));
    expect(plan).not.toMatch(/\d+\.\d+\.\d+/);
    // Everything outside the doc comment: no hard-coded removed collector or its version either.
    const code = install.slice(install.indexOf('#>'));
    expect(code).not.toMatch(/'cs'|"cs"|0\.31\.0|'pagefile'/);
  });

  it('uses the same version and checksum-line regexes as the TypeScript mirror', () => {
    expect(matchRegexes(fn('ConvertTo-ExporterVersion'))).toEqual(['^v?(\\d+)\\.(\\d+)\\.(\\d+)$']);
    expect(matchRegexes(fn('Get-ExpectedSha256'))).toEqual([
      '^([0-9a-fA-F]{64})\\s+\\*?(?:\\./)?(.+)$',
    ]);
    const tsVersion = readFileSync(
      new URL('../src/windows/exporter-version.ts', import.meta.url),
      'utf8',
    );
    const tsSums = readFileSync(new URL('../src/windows/sha256sums.ts', import.meta.url), 'utf8');
    expect(tsVersion).toContain('/^v?(\\d+)\\.(\\d+)\\.(\\d+)$/');
    expect(tsSums).toContain('/^([0-9a-fA-F]{64})\\s+\\*?(?:\\.\\/)?(.+)$/');
  });

  it('checks /metrics with the same patterns and data keys as the TypeScript mirror', () => {
    const check = fn('Get-MetricsProblems');
    const ts = readFileSync(new URL('../src/windows/metrics-check.ts', import.meta.url), 'utf8');
    expect(check).toContain(`'(?m)^windows_exporter_collector_success\\{collector="'`);
    expect(check).toContain(`'"\\} 1(\\.0+)?\\r?$'`);
    expect(ts).toContain(
      '^windows_exporter_collector_success\\\\{collector="${escape(collector)}"\\\\} 1(\\\\.0+)?\\\\r?$',
    );
    for (const key of ['verifyWarnOnly', 'series']) expect(check).toContain(`'${key}'`);
    expect(fn('Test-ExporterEndpoints')).toContain('Get-MetricsProblems');
  });

  it('chooses releases by version, skipping drafts and prereleases', () => {
    const select = fn('Select-ExporterRelease');
    expect(select).toMatch(/if \(\$release\.draft\) \{ continue \}/);
    expect(select).toMatch(/if \(\$release\.prerelease\) \{ continue \}/);
    expect(select).toMatch(/\$v -gt \$bestVersion/);
    expect(select).toContain("'windows_exporter-{0}-{1}.msi'");
    expect(select).toContain("'sha256sums.txt'");
    expect(install).toContain('releases?per_page=100');
    expect(install).not.toContain('releases/latest');
  });

  it('does what the issue asks of the install itself', () => {
    expect(install).toMatch(/\[CmdletBinding\(SupportsShouldProcess = \$true\)\]/);
    expect(install).toMatch(/\[string\]\$Version = 'latest'/);
    expect(install).toMatch(/\[int\]\$ListenPort = 9182/);
    for (const p of ['AllowFrom', 'MsiPath', 'ProxyUrl', 'WebConfigFile', 'Collectors'])
      expect(install).toMatch(new RegExp(`\\$${p}\\b`));
    // Our own rule with -RemoteAddress; never the MSI's FirewallException feature (opens to any).
    expect(install).not.toMatch(/ADDLOCAL=/);
    expect(fn('Set-ExporterFirewallRule')).toMatch(/RemoteAddress = \$wantedAddresses/);
    // Verification after install: /health, /metrics, event log on failure.
    const verify = fn('Test-ExporterEndpoints');
    expect(verify).toContain('/health');
    expect(verify).toContain('/metrics');
    expect(verify).toContain('Write-ExporterEvents');
    expect(fn('Write-ExporterEvents')).toContain('Get-WinEvent');
    const commands = commandNames(installTree);
    for (const c of ['Get-FileHash', 'Start-Process', 'New-NetFirewallRule', 'Start-Service'])
      expect(commands).toContain(c);
  });

  it('documents exactly the exit codes it uses, in the script and in the README', () => {
    const documented = documentedExitCodes(install);
    expect([...documented.keys()].sort((a, b) => a - b)).toEqual(exitCodeTable(install));
    for (const code of documented.keys())
      expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});

describe('Uninstall-WindowsExporter.ps1', () => {
  it('parses without ERROR or MISSING nodes', () => {
    expect(syntaxProblems(uninstallTree)).toEqual([]);
  });

  it('removes the service, the MSI product and the firewall rule, with -WhatIf support', () => {
    expect(uninstall).toMatch(/\[CmdletBinding\(SupportsShouldProcess = \$true\)\]/);
    const commands = commandNames(uninstallTree);
    for (const c of ['Stop-Service', 'Start-Process', 'sc.exe', 'Remove-NetFirewallRule'])
      expect(commands).toContain(c);
    expect(uninstall).toContain("'/x'");
    // Same rule name as the installer.
    const rule = /\$FirewallRuleName = '([^']+)'/;
    expect(rule.exec(uninstall)?.[1]).toBe(rule.exec(install)?.[1]);
  });

  it('documents exactly the exit codes it uses', () => {
    const documented = documentedExitCodes(uninstall);
    expect([...documented.keys()].sort((a, b) => a - b)).toEqual(exitCodeTable(uninstall));
  });
});

describe('windows/README.md', () => {
  it('has a cost row for every collector in collectors.json', () => {
    for (const [name, info] of Object.entries(table.collectors))
      expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` \\| ${info.cost} \\|`, 'm'));
  });
});
