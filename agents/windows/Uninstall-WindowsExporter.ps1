<#
.SYNOPSIS
    Removes windows_exporter installed by Install-WindowsExporter.ps1: service, MSI product, firewall rule.

.DESCRIPTION
    Stops the windows_exporter service, uninstalls every windows_exporter MSI product, deletes a leftover
    service (e.g. one registered by hand with sc.exe), removes the pvemon firewall rule and the copied web
    config. Safe to run again: missing pieces are skipped. Supports -WhatIf.

.PARAMETER LogPath
    Log file (default %ProgramData%\pvemon\Uninstall-WindowsExporter.log).

.EXAMPLE
    .\Uninstall-WindowsExporter.ps1

.NOTES
    Exit codes:
      0  removed (or nothing to remove, or -WhatIf)
      1  unexpected error (see the log)
      2  not elevated
      5  msiexec failed (see the msiexec log named in the output)
      6  the windows_exporter service still exists afterwards
      7  the firewall rule could not be removed
#>
#Requires -Version 5.1
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string]$LogPath = (Join-Path $env:ProgramData 'pvemon\Uninstall-WindowsExporter.log')
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$ExitCodes = @{
    Success       = 0
    Unexpected    = 1
    NotElevated   = 2
    Msi           = 5
    ServiceRemains = 6
    Firewall      = 7
}
$ServiceName = 'windows_exporter'
$FirewallRuleName = 'pvemon-windows_exporter'
$StateDir = Join-Path $env:ProgramData 'pvemon'
$script:Cmdlet = $PSCmdlet
$script:LogFile = $null

function Write-Log {
    param(
        [Parameter(Mandatory = $true)][string]$Message,
        [ValidateSet('INFO', 'WARN', 'ERROR')][string]$Level = 'INFO'
    )
    $line = '{0} [{1}] {2}' -f (Get-Date -Format 'yyyy-MM-ddTHH:mm:ssK'), $Level, $Message
    if ($Level -eq 'ERROR') { Write-Host $line -ForegroundColor Red }
    elseif ($Level -eq 'WARN') { Write-Host $line -ForegroundColor Yellow }
    else { Write-Host $line }
    if ($script:LogFile) {
        Add-Content -LiteralPath $script:LogFile -Value $line -Encoding UTF8 -WhatIf:$false -Confirm:$false
    }
}

function Exit-Uninstall {
    param([Parameter(Mandatory = $true)][int]$Code, [Parameter(Mandatory = $true)][string]$Message)
    Write-Log -Level ERROR ('{0} (exit code {1})' -f $Message, $Code)
    exit $Code
}

function Test-Administrator {
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object Security.Principal.WindowsPrincipal($identity)
    return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Get-InstalledExporters {
    $keys = @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*',
        'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*'
    )
    return @(Get-ItemProperty -Path $keys -ErrorAction SilentlyContinue |
            Where-Object { $_.PSObject.Properties['DisplayName'] -and ([string]$_.DisplayName) -like 'windows_exporter*' })
}

function Invoke-Main {
    $dir = Split-Path -Parent $LogPath
    if ($dir -and -not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir -Force -WhatIf:$false -Confirm:$false | Out-Null }
    $script:LogFile = $LogPath
    Write-Log ('Uninstall-WindowsExporter started (WhatIf={0})' -f [bool]$WhatIfPreference)
    if (-not (Test-Administrator)) { Exit-Uninstall -Code $ExitCodes.NotElevated -Message 'run this script from an elevated PowerShell (Run as Administrator)' }

    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if ($service -and $service.Status -ne 'Stopped' -and $script:Cmdlet.ShouldProcess($ServiceName, 'Stop service')) {
        Stop-Service -Name $ServiceName -Force -ErrorAction SilentlyContinue
    }

    $products = Get-InstalledExporters
    if ($products.Count -eq 0) { Write-Log 'no windows_exporter MSI product installed' }
    foreach ($product in $products) {
        $productCode = [string]$product.PSChildName
        $msiLog = Join-Path $env:TEMP ('pvemon-windows-exporter-uninstall-{0}.log' -f ($productCode -replace '[{}]', ''))
        if ($script:Cmdlet.ShouldProcess(('windows_exporter {0} {1}' -f $product.DisplayVersion, $productCode), 'Uninstall MSI product')) {
            $arguments = @('/x', $productCode, '/qn', '/norestart', '/l*v', ('"{0}"' -f $msiLog))
            Write-Log ('msiexec {0}' -f ($arguments -join ' '))
            $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList ($arguments -join ' ') -Wait -PassThru
            # 1605: product already gone; 3010/1641: success, reboot required/initiated.
            if (@(0, 1605, 3010, 1641) -notcontains $process.ExitCode) {
                Exit-Uninstall -Code $ExitCodes.Msi -Message ('msiexec /x {0} failed with {1} (log: {2})' -f $productCode, $process.ExitCode, $msiLog)
            }
            Write-Log ('removed windows_exporter {0}' -f $product.DisplayVersion)
        }
    }

    # A service registered without the MSI survives the product removal.
    if (-not $WhatIfPreference -and (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue)) {
        if ($script:Cmdlet.ShouldProcess($ServiceName, 'Delete service')) {
            Stop-Service -Name $ServiceName -Force -ErrorAction SilentlyContinue
            & sc.exe delete $ServiceName | Out-Null
            Start-Sleep -Seconds 2
        }
        if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
            Exit-Uninstall -Code $ExitCodes.ServiceRemains -Message 'the windows_exporter service still exists; reboot and run again'
        }
    }

    if (Get-NetFirewallRule -Name $FirewallRuleName -ErrorAction SilentlyContinue) {
        if ($script:Cmdlet.ShouldProcess($FirewallRuleName, 'Remove firewall rule')) {
            try { Remove-NetFirewallRule -Name $FirewallRuleName }
            catch { Exit-Uninstall -Code $ExitCodes.Firewall -Message ('cannot remove firewall rule {0}: {1}' -f $FirewallRuleName, $_.Exception.Message) }
            Write-Log ('removed firewall rule {0}' -f $FirewallRuleName)
        }
    }

    $webConfig = Join-Path $StateDir 'windows_exporter-web.yml'
    if ((Test-Path -LiteralPath $webConfig) -and $script:Cmdlet.ShouldProcess($webConfig, 'Delete copied web config')) {
        Remove-Item -LiteralPath $webConfig -Force
    }
    Write-Log 'done: windows_exporter removed'
}

try {
    Invoke-Main
    exit $ExitCodes.Success
}
catch {
    $message = $_.Exception.Message
    if ($script:LogFile) { Write-Log -Level ERROR ('unexpected error: {0} at {1}' -f $message, $_.InvocationInfo.PositionMessage) }
    else { Write-Host ('unexpected error: {0}' -f $message) -ForegroundColor Red }
    exit $ExitCodes.Unexpected
}
