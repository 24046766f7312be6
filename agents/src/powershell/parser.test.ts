import { describe, expect, it } from 'vitest';
import {
  commandNames,
  functionNames,
  functionSource,
  parsePowerShell,
  syntaxProblems,
} from './parser.js';

describe('PowerShell syntax check (tree-sitter-powershell, wasm)', () => {
  it('accepts a well-formed script', async () => {
    const tree = await parsePowerShell(
      [
        '[CmdletBinding(SupportsShouldProcess = $true)]',
        "param([string]$Version = 'latest')",
        'function Get-Thing {',
        '    param($x)',
        '    return @{ a = $x }',
        '}',
        "Start-Process msiexec.exe -ArgumentList '/i x.msi /qn' -Wait -PassThru | Out-Null",
      ].join('\n'),
    );
    expect(syntaxProblems(tree)).toEqual([]);
    expect(functionNames(tree)).toEqual(['Get-Thing']);
    expect(commandNames(tree)).toEqual(['Start-Process', 'Out-Null']);
    expect(functionSource(tree, 'get-thing')).toMatch(/^function Get-Thing/);
  });

  it.each([
    ['an unclosed param block', "param(\n  [string]$Version = 'latest'\n\nWrite-Host hi\n"],
    ['a missing closing brace', 'function Get-Thing {\n  if ($true) { 1 }\n'],
    ['an unterminated hashtable', '$h = @{\n  a = 1\n'],
    ['an unterminated string', "Write-Host 'oops\n"],
  ])('flags %s', async (_label, source) => {
    const problems = syntaxProblems(await parsePowerShell(source));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(1);
  });
});
