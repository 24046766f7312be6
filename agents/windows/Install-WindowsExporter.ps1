<#
.SYNOPSIS
    Installs or reconfigures windows_exporter for pvemon and verifies that the service really serves metrics.

.DESCRIPTION
    - Resolves "latest" by semantic version over the non-prerelease GitHub releases (two release lines are
      maintained in parallel, so the newest tag date is not the newest version).
    - Downloads the MSI for this machine's architecture (amd64/arm64) and verifies it against the release's
      sha256sums.txt; refuses to install on a mismatch.
    - Maps pvemon's collector plan (collectors.json, next to this script) to what the chosen version supports:
      drops `cs` on v0.31.0+ (it would make the service exit at start), adds `pagefile`, restricts `process`
      with an include regex.
    - Opens TCP -ListenPort only for the -AllowFrom addresses (never to the world).
    - Starts the service and polls /health and /metrics: the MSI reports success even when the service
      crash-loops, so only a scrape proves the install. On failure it prints the exporter's event-log lines.
    - Idempotent: a re-run with the same settings changes nothing; other settings reconfigure; a newer
      version upgrades. Supports -WhatIf. Logs to -LogPath.

.PARAMETER Version
    'latest' (default) or a release version such as 0.31.8.
.PARAMETER Collectors
    Collectors to enable instead of pvemon's plan. Removed/unsupported ones are still dropped per version.
.PARAMETER ListenPort
    TCP port of the exporter (default 9182).
.PARAMETER AllowFrom
    Prometheus addresses (IPs or CIDRs) allowed to scrape. Without it no firewall rule is opened.
.PARAMETER MsiPath
    Local MSI for offline installs (file name windows_exporter-<version>-<arch>.msi, or pass -Version).
.PARAMETER ChecksumFile
    sha256sums.txt for -MsiPath; defaults to sha256sums.txt next to the MSI.
.PARAMETER SkipChecksum
    Install an offline MSI without checksum verification (only when no sha256sums.txt is available).
.PARAMETER ProxyUrl
    HTTP(S) proxy for GitHub downloads, e.g. http://proxy.example:3128.
.PARAMETER ProxyCredential
    Credential for the proxy; the current user's default credentials are used otherwise.
.PARAMETER WebConfigFile
    exporter-toolkit web config (TLS and/or basic auth); copied to %ProgramData%\pvemon\windows_exporter-web.yml.
.PARAMETER ProcessInclude
    Regex of process names the process collector keeps (default: processInclude in collectors.json).
.PARAMETER VerifyCredential
    Basic-auth credential used for the post-install check when the web config requires it.
.PARAMETER VerifyTimeoutSeconds
    How long to wait for /health after starting the service (default 90).
.PARAMETER LogPath
    Log file (default %ProgramData%\pvemon\Install-WindowsExporter.log).
.PARAMETER CollectorsFile
    Collector table (default collectors.json next to this script).
.PARAMETER Force
    Reinstall even when the installed version and settings already match.

.EXAMPLE
    .\Install-WindowsExporter.ps1 -AllowFrom 10.0.0.5
.EXAMPLE
    .\Install-WindowsExporter.ps1 -MsiPath \\share\windows_exporter-0.31.8-amd64.msi -AllowFrom 10.0.0.5,10.0.0.6

.NOTES
    Exit codes:
      0  installed/configured and verified (or -WhatIf)
      1  unexpected error (see the log)
      2  invalid arguments, not elevated, unsupported architecture or version
      3  release lookup or download failed
      4  checksum missing or mismatched
      5  msiexec failed (see the msiexec log named in the output)
      6  service did not become healthy or /metrics lacks expected collectors (event-log lines printed)
      7  firewall rule could not be configured
#>
#Requires -Version 5.1
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [ValidatePattern('^(latest|v?\d+\.\d+\.\d+)$')]
    [string]$Version = 'latest',
    [string[]]$Collectors,
    [ValidateRange(1, 65535)]
    [int]$ListenPort = 9182,
    [string[]]$AllowFrom,
    [string]$MsiPath,
    [string]$ChecksumFile,
    [switch]$SkipChecksum,
    [string]$ProxyUrl,
    [pscredential]$ProxyCredential,
    [string]$WebConfigFile,
    [string]$ProcessInclude,
    [pscredential]$VerifyCredential,
    [ValidateRange(5, 900)]
    [int]$VerifyTimeoutSeconds = 90,
    [string]$LogPath = (Join-Path $env:ProgramData 'pvemon\Install-WindowsExporter.log'),
    [string]$CollectorsFile = (Join-Path $PSScriptRoot 'collectors.json'),
    [switch]$Force
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$ExitCodes = @{
    Success         = 0
    Unexpected      = 1
    InvalidArgument = 2
    Download        = 3
    Checksum        = 4
    Msi             = 5
    Verification    = 6
    Firewall        = 7
}
$ServiceName = 'windows_exporter'
$FirewallRuleName = 'pvemon-windows_exporter'
$StateDir = Join-Path $env:ProgramData 'pvemon'
$script:Cmdlet = $PSCmdlet
$script:LogFile = $null
$script:StartedAt = Get-Date
$script:UseTls = $false

# ---------------------------------------------------------------- logging and exits

function Write-Log {
    param(
        [Parameter(Mandatory = $true)][string]$Message,
        [ValidateSet('INFO', 'WARN', 'ERROR')][string]$Level = 'INFO'
    )
    $line = '{0} [{1}] {2}' -f (Get-Date -Format 'yyyy-MM-ddTHH:mm:ssK'), $Level, $Message
    if ($Level -eq 'ERROR') {
        Write-Host $line -ForegroundColor Red
    }
    elseif ($Level -eq 'WARN') {
        Write-Host $line -ForegroundColor Yellow
    }
    else {
        Write-Host $line
    }
    if ($script:LogFile) {
        # The log is written even under -WhatIf: it records what would have happened.
        Add-Content -LiteralPath $script:LogFile -Value $line -Encoding UTF8 -WhatIf:$false -Confirm:$false
    }
}

function Exit-Install {
    param([Parameter(Mandatory = $true)][int]$Code, [Parameter(Mandatory = $true)][string]$Message)
    Write-Log -Level ERROR -Message ('{0} (exit code {1})' -f $Message, $Code)
    exit $Code
}

function Initialize-Log {
    param([string]$Path)
    $dir = Split-Path -Parent $Path
    if ($dir -and -not (Test-Path -LiteralPath $dir)) {
        New-Item -ItemType Directory -Path $dir -Force -WhatIf:$false -Confirm:$false | Out-Null
    }
    $script:LogFile = $Path
}

function Get-RedactedUrl {
    # Proxy URLs may carry user:password; never log them.
    param([string]$Url)
    if (-not $Url) { return '' }
    return ($Url -replace '//[^/@]+@', '//***@')
}

# ---------------------------------------------------------------- pure logic (mirrored in agents/src/windows/*.ts)

function ConvertTo-ExporterVersion {
    # Accepts 0.31.8 or v0.31.8; anything else (release candidates, garbage) is $null.
    param([string]$Text)
    if ($Text -match '^v?(\d+)\.(\d+)\.(\d+)$') {
        return [version]('{0}.{1}.{2}' -f $Matches[1], $Matches[2], $Matches[3])
    }
    return $null
}

function Get-CollectorInfo {
    param([Parameter(Mandatory = $true)]$Table, [Parameter(Mandatory = $true)][string]$Name)
    $property = $Table.collectors.PSObject.Properties[$Name]
    if ($property) { return $property.Value }
    return $null
}

function Get-InfoValue {
    param($Info, [string]$Key)
    if ($null -eq $Info) { return $null }
    $property = $Info.PSObject.Properties[$Key]
    if ($property) { return $property.Value }
    return $null
}

function Resolve-CollectorPlan {
    # Maps the requested collectors (default: the plan plus addToPlan entries) to what $ExporterVersion
    # supports, using only the data in collectors.json: removedIn / addedIn / replacedBy / includeFlag.
    param(
        [Parameter(Mandatory = $true)]$Table,
        [Parameter(Mandatory = $true)][version]$ExporterVersion,
        [string[]]$Requested,
        [string]$IncludeRegex
    )
    $names = New-Object System.Collections.Generic.List[string]
    if ($Requested -and $Requested.Count -gt 0) {
        foreach ($r in $Requested) { foreach ($part in ($r -split ',')) { $names.Add($part) } }
    }
    else {
        foreach ($n in $Table.planCollectors) { $names.Add([string]$n) }
        foreach ($p in $Table.collectors.PSObject.Properties) {
            if ((Get-InfoValue -Info $p.Value -Key 'addToPlan') -eq $true) { $names.Add($p.Name) }
        }
    }
    $kept = New-Object System.Collections.Generic.List[string]
    $dropped = New-Object System.Collections.Generic.List[object]
    $queue = New-Object System.Collections.Generic.Queue[string]
    foreach ($n in $names) { $queue.Enqueue($n) }
    while ($queue.Count -gt 0) {
        $name = $queue.Dequeue().Trim().ToLowerInvariant()
        if (-not $name -or $kept.Contains($name)) { continue }
        if (@($dropped | Where-Object { $_.Name -eq $name }).Count -gt 0) { continue }
        $info = Get-CollectorInfo -Table $Table -Name $name
        $removedIn = Get-InfoValue -Info $info -Key 'removedIn'
        $addedIn = Get-InfoValue -Info $info -Key 'addedIn'
        if ($removedIn -and $ExporterVersion -ge (ConvertTo-ExporterVersion $removedIn)) {
            $replacedBy = @(Get-InfoValue -Info $info -Key 'replacedBy' | Where-Object { $_ })
            $dropped.Add([pscustomobject]@{ Name = $name; Reason = ('removed in v{0}' -f $removedIn); ReplacedBy = $replacedBy })
            foreach ($replacement in $replacedBy) { $queue.Enqueue([string]$replacement) }
            continue
        }
        if ($addedIn -and $ExporterVersion -lt (ConvertTo-ExporterVersion $addedIn)) {
            $dropped.Add([pscustomobject]@{ Name = $name; Reason = ('needs v{0} or newer' -f $addedIn); ReplacedBy = @() })
            continue
        }
        $kept.Add($name)
    }
    $flags = New-Object System.Collections.Generic.List[string]
    foreach ($name in $kept) {
        $includeFlag = Get-InfoValue -Info (Get-CollectorInfo -Table $Table -Name $name) -Key 'includeFlag'
        if ($includeFlag) {
            $regex = $IncludeRegex
            if (-not $regex) { $regex = [string]$Table.processInclude }
            $flags.Add(('{0}={1}' -f $includeFlag, $regex))
        }
    }
    return [pscustomobject]@{
        Collectors = @($kept)
        Dropped    = @($dropped)
        ExtraFlags = @($flags)
    }
}

function Select-ExporterRelease {
    # "latest" = highest x.y.z among non-draft, non-prerelease releases (not the newest by date).
    param(
        [Parameter(Mandatory = $true)][object[]]$Releases,
        [Parameter(Mandatory = $true)][string]$RequestedVersion,
        [Parameter(Mandatory = $true)][string]$Arch
    )
    $best = $null
    $bestVersion = $null
    $wanted = $null
    if ($RequestedVersion -ne 'latest') { $wanted = ConvertTo-ExporterVersion $RequestedVersion }
    foreach ($release in $Releases) {
        if ($release.draft) { continue }
        $v = ConvertTo-ExporterVersion ([string]$release.tag_name)
        if ($null -eq $v) { continue }
        if ($wanted) {
            if ($v -eq $wanted) { $best = $release; $bestVersion = $v }
            continue
        }
        if ($release.prerelease) { continue }
        if ($null -eq $bestVersion -or $v -gt $bestVersion) { $best = $release; $bestVersion = $v }
    }
    if ($null -eq $best) { return $null }
    $versionText = '{0}.{1}.{2}' -f $bestVersion.Major, $bestVersion.Minor, $bestVersion.Build
    $msiName = 'windows_exporter-{0}-{1}.msi' -f $versionText, $Arch
    $msiAsset = @($best.assets | Where-Object { $_.name -eq $msiName }) | Select-Object -First 1
    $sumsAsset = @($best.assets | Where-Object { $_.name -eq 'sha256sums.txt' }) | Select-Object -First 1
    return [pscustomobject]@{
        Version  = $versionText
        Tag      = [string]$best.tag_name
        MsiName  = $msiName
        MsiUrl   = $(if ($msiAsset) { [string]$msiAsset.browser_download_url } else { $null })
        SumsUrl  = $(if ($sumsAsset) { [string]$sumsAsset.browser_download_url } else { $null })
    }
}

function Get-ExpectedSha256 {
    # sha256sum format: "<64 hex>  <name>" or "<64 hex> *<name>" (binary mode); names may start with ./
    param([Parameter(Mandatory = $true)][string]$SumsText, [Parameter(Mandatory = $true)][string]$FileName)
    $found = New-Object System.Collections.Generic.List[string]
    foreach ($rawLine in ($SumsText -split "`r?`n")) {
        $line = $rawLine.Trim()
        if ($line -match '^([0-9a-fA-F]{64})\s+\*?(?:\./)?(.+)$') {
            if ($Matches[2].Trim() -eq $FileName) { $found.Add($Matches[1].ToLowerInvariant()) }
        }
    }
    $distinct = @($found | Select-Object -Unique)
    if ($distinct.Count -eq 0) { throw ('sha256sums.txt has no entry for {0}' -f $FileName) }
    if ($distinct.Count -gt 1) { throw ('sha256sums.txt has conflicting entries for {0}' -f $FileName) }
    return $distinct[0]
}

function Get-MetricsProblems {
    # Checks a /metrics body: every enabled collector must report success, and collectors with a
    # known series must expose it. Collectors marked verifyWarnOnly (e.g. process, whose Perflib
    # counters can be disabled) produce non-fatal problems.
    param(
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Metrics,
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]]$Collectors,
        [Parameter(Mandatory = $true)]$Table
    )
    $problems = New-Object System.Collections.Generic.List[object]
    foreach ($collector in $Collectors) {
        $info = Get-CollectorInfo -Table $Table -Name $collector
        $fatal = (Get-InfoValue -Info $info -Key 'verifyWarnOnly') -ne $true
        $pattern = '(?m)^windows_exporter_collector_success\{collector="' + [regex]::Escape($collector) + '"\} 1(\.0+)?\r?$'
        if ($Metrics -notmatch $pattern) {
            $problems.Add([pscustomobject]@{ Collector = $collector; Problem = 'collector not successful'; Fatal = $fatal })
            continue
        }
        $series = Get-InfoValue -Info $info -Key 'series'
        if ($series -and $Metrics -notmatch ('(?m)^' + [regex]::Escape([string]$series) + '[ {]')) {
            $problems.Add([pscustomobject]@{ Collector = $collector; Problem = ('series {0} missing' -f $series); Fatal = $fatal })
        }
    }
    return $problems.ToArray()
}

# ---------------------------------------------------------------- system helpers

function Test-Administrator {
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object Security.Principal.WindowsPrincipal($identity)
    return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Get-MachineArch {
    # A 32-bit PowerShell on 64-bit Windows reports x86 in PROCESSOR_ARCHITECTURE.
    $arch = $env:PROCESSOR_ARCHITEW6432
    if (-not $arch) { $arch = $env:PROCESSOR_ARCHITECTURE }
    switch ($arch) {
        'AMD64' { return 'amd64' }
        'ARM64' { return 'arm64' }
        default { return $null }
    }
}

function Get-WebParameters {
    $params = @{ UseBasicParsing = $true; Headers = @{ 'User-Agent' = 'pvemon-agents' } }
    if ($ProxyUrl) {
        $params.Proxy = $ProxyUrl
        if ($ProxyCredential) { $params.ProxyCredential = $ProxyCredential } else { $params.ProxyUseDefaultCredentials = $true }
    }
    return $params
}

function Get-InstalledExporter {
    $keys = @(
        'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*',
        'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*'
    )
    $entries = Get-ItemProperty -Path $keys -ErrorAction SilentlyContinue |
        Where-Object { $_.PSObject.Properties['DisplayName'] -and ([string]$_.DisplayName) -like 'windows_exporter*' }
    return @($entries) | Select-Object -First 1
}

function Get-ExporterServicePath {
    $svc = Get-CimInstance -ClassName Win32_Service -Filter ("Name='{0}'" -f $ServiceName) -ErrorAction SilentlyContinue
    if ($svc) { return [string]$svc.PathName }
    return $null
}

function Invoke-Msiexec {
    param([Parameter(Mandatory = $true)][string[]]$Arguments, [Parameter(Mandatory = $true)][string]$Action)
    Write-Log ('msiexec {0}' -f ($Arguments -join ' '))
    $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList ($Arguments -join ' ') -Wait -PassThru
    # 3010/1641: success, reboot required/initiated.
    if (@(0, 3010, 1641) -notcontains $process.ExitCode) {
        Exit-Install -Code $ExitCodes.Msi -Message ('msiexec {0} failed with {1}' -f $Action, $process.ExitCode)
    }
    if ($process.ExitCode -ne 0) { Write-Log -Level WARN ('msiexec {0}: a reboot is required ({1})' -f $Action, $process.ExitCode) }
}

function Write-ExporterEvents {
    # The MSI reports success even when the service crash-loops; the reason is in the Application log.
    $filter = @{ LogName = 'Application'; ProviderName = $ServiceName; StartTime = $script:StartedAt.AddMinutes(-5) }
    $events = @(Get-WinEvent -FilterHashtable $filter -MaxEvents 30 -ErrorAction SilentlyContinue)
    if ($events.Count -eq 0) {
        Write-Log -Level ERROR 'no windows_exporter events in the Application log since the install started'
    }
    foreach ($entry in $events) {
        Write-Log -Level ERROR ('event {0:s} {1}: {2}' -f $entry.TimeCreated, $entry.LevelDisplayName, ($entry.Message -replace '\s+', ' '))
    }
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if ($service) { Write-Log -Level ERROR ('service {0} status: {1}' -f $ServiceName, $service.Status) }
}

function Invoke-LocalRequest {
    param([Parameter(Mandatory = $true)][string]$Uri)
    $params = @{ Uri = $Uri; UseBasicParsing = $true; TimeoutSec = 10 }
    if ($VerifyCredential) { $params.Credential = $VerifyCredential }
    if ($PSVersionTable.PSVersion.Major -ge 6) {
        if ($script:UseTls) { $params.SkipCertificateCheck = $true }
        elseif ($VerifyCredential) { $params.AllowUnencryptedAuthentication = $true }
    }
    return Invoke-WebRequest @params
}

function Test-ExporterEndpoints {
    param([Parameter(Mandatory = $true)]$Plan, [Parameter(Mandatory = $true)]$Table)
    $scheme = 'http'
    if ($script:UseTls) { $scheme = 'https' }
    $base = '{0}://localhost:{1}' -f $scheme, $ListenPort
    $previousCallback = [System.Net.ServicePointManager]::ServerCertificateValidationCallback
    if ($script:UseTls -and $PSVersionTable.PSVersion.Major -lt 6) {
        # Windows PowerShell 5.1 has no -SkipCertificateCheck; the exporter's certificate names the host,
        # not localhost, and this request never leaves the machine.
        [System.Net.ServicePointManager]::ServerCertificateValidationCallback = { $true }
    }
    try {
        $deadline = (Get-Date).AddSeconds($VerifyTimeoutSeconds)
        $healthy = $false
        $authOnly = $false
        while (-not $healthy -and (Get-Date) -lt $deadline) {
            try {
                $response = Invoke-LocalRequest -Uri ('{0}/health' -f $base)
                if ($response.StatusCode -eq 200) { $healthy = $true }
            }
            catch {
                $status = $null
                if ($_.Exception.PSObject.Properties['Response'] -and $_.Exception.Response) {
                    $status = [int]$_.Exception.Response.StatusCode
                }
                if ($status -eq 401 -and -not $VerifyCredential) { $healthy = $true; $authOnly = $true }
                else { Start-Sleep -Seconds 2 }
            }
        }
        if (-not $healthy) {
            Write-ExporterEvents
            Exit-Install -Code $ExitCodes.Verification -Message ('{0}/health did not answer 200 within {1} s' -f $base, $VerifyTimeoutSeconds)
        }
        if ($authOnly) {
            Write-Log -Level WARN 'the exporter requires basic auth and no -VerifyCredential was given: /metrics not checked'
            return
        }
        $metrics = [string](Invoke-LocalRequest -Uri ('{0}/metrics' -f $base)).Content
        $problems = @(Get-MetricsProblems -Metrics $metrics -Collectors $Plan.Collectors -Table $Table)
        foreach ($p in @($problems | Where-Object { -not $_.Fatal })) {
            Write-Log -Level WARN ('{0}: {1} (not fatal for this collector, see README troubleshooting)' -f $p.Collector, $p.Problem)
        }
        $fatal = @($problems | Where-Object { $_.Fatal })
        if ($fatal.Count -gt 0) {
            Write-ExporterEvents
            Exit-Install -Code $ExitCodes.Verification -Message ('/metrics check failed: {0}' -f (($fatal | ForEach-Object { '{0}: {1}' -f $_.Collector, $_.Problem }) -join '; '))
        }
        Write-Log ('verified {0}/metrics: collectors {1} report success' -f $base, ($Plan.Collectors -join ','))
    }
    finally {
        if ($script:UseTls -and $PSVersionTable.PSVersion.Major -lt 6) {
            [System.Net.ServicePointManager]::ServerCertificateValidationCallback = $previousCallback
        }
    }
}

function Set-ExporterFirewallRule {
    param([string]$ProgramPath)
    $existing = Get-NetFirewallRule -Name $FirewallRuleName -ErrorAction SilentlyContinue
    if (-not $AllowFrom -or $AllowFrom.Count -eq 0) {
        if ($existing -and $script:Cmdlet.ShouldProcess($FirewallRuleName, 'Remove firewall rule (no -AllowFrom given)')) {
            Remove-NetFirewallRule -Name $FirewallRuleName
        }
        Write-Log -Level WARN ('no -AllowFrom: TCP {0} is not opened in the firewall; Prometheus cannot scrape unless another rule allows it' -f $ListenPort)
        return
    }
    $wantedAddresses = @($AllowFrom | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ } | Sort-Object -Unique)
    # Windows rewrites CIDRs (10.0.0.0/24 -> 10.0.0.0/255.255.255.0), so the wanted state is kept in
    # the description and compared there.
    $description = 'pvemon: Prometheus scrapes of windows_exporter; port={0}; allow={1}; program={2}' -f $ListenPort, ($wantedAddresses -join ','), $ProgramPath
    if ($existing -and [string]$existing.Description -eq $description -and [string]$existing.Enabled -eq 'True') {
        Write-Log ('firewall rule {0} already allows TCP {1} from {2}' -f $FirewallRuleName, $ListenPort, ($wantedAddresses -join ','))
        return
    }
    if ($script:Cmdlet.ShouldProcess($FirewallRuleName, ('Allow TCP {0} from {1}' -f $ListenPort, ($wantedAddresses -join ',')))) {
        try {
            if ($existing) { Remove-NetFirewallRule -Name $FirewallRuleName }
            $rule = @{
                Name          = $FirewallRuleName
                DisplayName   = 'windows_exporter (pvemon)'
                Description   = $description
                Direction     = 'Inbound'
                Action        = 'Allow'
                Protocol      = 'TCP'
                LocalPort     = $ListenPort
                RemoteAddress = $wantedAddresses
                Profile       = 'Any'
            }
            if ($ProgramPath) { $rule.Program = $ProgramPath }
            New-NetFirewallRule @rule | Out-Null
            Write-Log ('firewall rule {0}: TCP {1} allowed from {2}' -f $FirewallRuleName, $ListenPort, ($wantedAddresses -join ','))
        }
        catch {
            Exit-Install -Code $ExitCodes.Firewall -Message ('firewall rule failed: {0}' -f $_.Exception.Message)
        }
    }
    # The MSI's own FirewallException feature opens the port to any address unless REMOTE_ADDR was set.
    $open = @(Get-NetFirewallRule -ErrorAction SilentlyContinue |
            Where-Object { $_.Name -ne $FirewallRuleName -and $_.DisplayName -like 'windows_exporter*' -and $_.Direction -eq 'Inbound' })
    foreach ($other in $open) {
        $remote = @($other | Get-NetFirewallAddressFilter | ForEach-Object { $_.RemoteAddress })
        if ($remote -contains 'Any') {
            Write-Log -Level WARN ('firewall rule "{0}" opens the exporter to any address; remove it with Remove-NetFirewallRule -Name "{1}"' -f $other.DisplayName, $other.Name)
        }
    }
}

# ---------------------------------------------------------------- main

function Invoke-Main {
    Initialize-Log -Path $LogPath
    Write-Log ('Install-WindowsExporter started (Version={0}, ListenPort={1}, AllowFrom={2}, MsiPath={3}, Proxy={4}, WhatIf={5})' -f `
            $Version, $ListenPort, ($AllowFrom -join ','), $MsiPath, (Get-RedactedUrl $ProxyUrl), [bool]$WhatIfPreference)

    if (-not (Test-Administrator)) { Exit-Install -Code $ExitCodes.InvalidArgument -Message 'run this script from an elevated PowerShell (Run as Administrator)' }
    $arch = Get-MachineArch
    if (-not $arch) { Exit-Install -Code $ExitCodes.InvalidArgument -Message ('unsupported processor architecture {0}: windows_exporter ships amd64 and arm64 MSIs' -f $env:PROCESSOR_ARCHITECTURE) }
    if (-not (Test-Path -LiteralPath $CollectorsFile)) {
        Exit-Install -Code $ExitCodes.InvalidArgument -Message ('collector table {0} not found: keep collectors.json next to the script or pass -CollectorsFile' -f $CollectorsFile)
    }
    $table = Get-Content -LiteralPath $CollectorsFile -Raw | ConvertFrom-Json
    if ($ProcessInclude -and ($ProcessInclude -match '[\s"]')) {
        Exit-Install -Code $ExitCodes.InvalidArgument -Message '-ProcessInclude must not contain spaces or double quotes (it is passed on the service command line)'
    }
    if ($WebConfigFile -and -not (Test-Path -LiteralPath $WebConfigFile)) {
        Exit-Install -Code $ExitCodes.InvalidArgument -Message ('-WebConfigFile {0} does not exist' -f $WebConfigFile)
    }

    $workDir = Join-Path $env:TEMP 'pvemon-windows-exporter'
    if (-not (Test-Path -LiteralPath $workDir)) { New-Item -ItemType Directory -Path $workDir -Force -WhatIf:$false -Confirm:$false | Out-Null }

    # 1. Which MSI, which version.
    $msiFile = $null
    $sumsFile = $null
    if ($MsiPath) {
        if (-not (Test-Path -LiteralPath $MsiPath)) { Exit-Install -Code $ExitCodes.InvalidArgument -Message ('-MsiPath {0} does not exist' -f $MsiPath) }
        $msiFile = (Resolve-Path -LiteralPath $MsiPath).Path
        $leaf = Split-Path -Leaf $msiFile
        $versionText = $null
        if ($leaf -match '^windows_exporter-(\d+\.\d+\.\d+)-(amd64|arm64)\.msi$') {
            $versionText = $Matches[1]
            if ($Matches[2] -ne $arch) { Exit-Install -Code $ExitCodes.InvalidArgument -Message ('{0} is for {1} but this machine is {2}' -f $leaf, $Matches[2], $arch) }
        }
        if ($Version -ne 'latest') { $versionText = $Version.TrimStart('v') }
        if (-not $versionText) { Exit-Install -Code $ExitCodes.InvalidArgument -Message ('cannot tell the version from {0}: pass -Version x.y.z' -f $leaf) }
        if ($ChecksumFile) { $sumsFile = $ChecksumFile }
        else {
            $candidate = Join-Path (Split-Path -Parent $msiFile) 'sha256sums.txt'
            if (Test-Path -LiteralPath $candidate) { $sumsFile = $candidate }
        }
        $msiName = $leaf
    }
    else {
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
        $api = 'https://api.github.com/repos/{0}/releases?per_page=100' -f $table.repository
        try {
            $web = Get-WebParameters
            # Two statements: Windows PowerShell 5.1 emits a JSON array as one object, which @(...) would nest.
            $releases = (Invoke-WebRequest -Uri $api @web).Content | ConvertFrom-Json
        }
        catch {
            Exit-Install -Code $ExitCodes.Download -Message ('release lookup {0} failed: {1}. Offline? Use -MsiPath' -f $api, $_.Exception.Message)
        }
        $release = Select-ExporterRelease -Releases $releases -RequestedVersion $Version -Arch $arch
        if (-not $release) { Exit-Install -Code $ExitCodes.InvalidArgument -Message ('no release matches -Version {0}' -f $Version) }
        if (-not $release.MsiUrl -or -not $release.SumsUrl) {
            Exit-Install -Code $ExitCodes.Download -Message ('release {0} has no {1} or sha256sums.txt asset' -f $release.Tag, $release.MsiName)
        }
        $versionText = $release.Version
        $msiName = $release.MsiName
        $msiFile = Join-Path $workDir $msiName
        $sumsFile = Join-Path $workDir ('sha256sums-{0}.txt' -f $versionText)
        if ($script:Cmdlet.ShouldProcess($release.MsiUrl, 'Download')) {
            try {
                $web = Get-WebParameters
                Invoke-WebRequest -Uri $release.MsiUrl -OutFile $msiFile @web
                Invoke-WebRequest -Uri $release.SumsUrl -OutFile $sumsFile @web
            }
            catch {
                Exit-Install -Code $ExitCodes.Download -Message ('download from {0} failed: {1}' -f $release.MsiUrl, $_.Exception.Message)
            }
        }
    }
    $targetVersion = ConvertTo-ExporterVersion $versionText
    if ($targetVersion -lt (ConvertTo-ExporterVersion $table.minimumVersion)) {
        Exit-Install -Code $ExitCodes.InvalidArgument -Message ('windows_exporter {0} is older than the supported minimum {1}' -f $versionText, $table.minimumVersion)
    }
    Write-Log ('target: windows_exporter {0} ({1})' -f $versionText, $msiName)

    # 2. Checksum.
    if (Test-Path -LiteralPath $msiFile) {
        if ($sumsFile -and (Test-Path -LiteralPath $sumsFile)) {
            try { $expected = Get-ExpectedSha256 -SumsText (Get-Content -LiteralPath $sumsFile -Raw) -FileName $msiName }
            catch { Exit-Install -Code $ExitCodes.Checksum -Message $_.Exception.Message }
            $actual = (Get-FileHash -LiteralPath $msiFile -Algorithm SHA256).Hash.ToLowerInvariant()
            if ($actual -ne $expected) {
                Exit-Install -Code $ExitCodes.Checksum -Message ('SHA-256 mismatch for {0}: expected {1}, got {2}; refusing to install' -f $msiName, $expected, $actual)
            }
            Write-Log ('SHA-256 verified: {0}' -f $actual)
        }
        elseif ($SkipChecksum) {
            Write-Log -Level WARN ('installing {0} without checksum verification (-SkipChecksum)' -f $msiName)
        }
        else {
            Exit-Install -Code $ExitCodes.Checksum -Message ('no sha256sums.txt for {0}: put it next to the MSI, pass -ChecksumFile, or -SkipChecksum' -f $msiName)
        }
    }

    # 3. Collectors and flags for this version.
    $plan = Resolve-CollectorPlan -Table $table -ExporterVersion $targetVersion -Requested $Collectors -IncludeRegex $ProcessInclude
    foreach ($d in $plan.Dropped) {
        $detail = ''
        if ($d.ReplacedBy.Count -gt 0) { $detail = ('; its data comes from {0}' -f ($d.ReplacedBy -join ', ')) }
        Write-Log ('collector {0} dropped: {1}{2}' -f $d.Name, $d.Reason, $detail)
    }
    $extraFlags = New-Object System.Collections.Generic.List[string]
    foreach ($f in $plan.ExtraFlags) { $extraFlags.Add($f) }
    $script:UseTls = $false
    if ($WebConfigFile) {
        $webConfigTarget = Join-Path $StateDir 'windows_exporter-web.yml'
        if ($webConfigTarget -match '\s') { Exit-Install -Code $ExitCodes.InvalidArgument -Message ('{0} contains a space; the MSI cannot pass it safely' -f $webConfigTarget) }
        if ($script:Cmdlet.ShouldProcess($webConfigTarget, 'Copy web config')) {
            if (-not (Test-Path -LiteralPath $StateDir)) { New-Item -ItemType Directory -Path $StateDir -Force | Out-Null }
            Copy-Item -LiteralPath $WebConfigFile -Destination $webConfigTarget -Force
        }
        $extraFlags.Add(('--web.config.file={0}' -f $webConfigTarget))
        $script:UseTls = [bool]((Get-Content -LiteralPath $WebConfigFile -Raw) -match '(?m)^\s*tls_server_config\s*:')
    }
    $collectorList = $plan.Collectors -join ','
    Write-Log ('collectors: {0}' -f $collectorList)
    if ($extraFlags.Count -gt 0) { Write-Log ('extra flags: {0}' -f ($extraFlags -join ' ')) }

    # 4. Install, upgrade or reconfigure - only when something differs.
    $installed = Get-InstalledExporter
    $installedVersion = $null
    if ($installed -and $installed.PSObject.Properties['DisplayVersion']) { $installedVersion = ConvertTo-ExporterVersion ([string]$installed.DisplayVersion) }
    $servicePath = Get-ExporterServicePath
    $expectedFragments = @($collectorList) + @($extraFlags)
    if ($ListenPort -ne 9182) { $expectedFragments += (':{0}' -f $ListenPort) }
    $configured = $false
    if ($servicePath -and $installedVersion -and $installedVersion -eq $targetVersion) {
        $configured = $true
        foreach ($fragment in $expectedFragments) { if (-not $servicePath.Contains($fragment)) { $configured = $false } }
        if ($servicePath -match '--collectors\.enabled[= ]"?([^" ]+)' -and $Matches[1] -ne $collectorList) { $configured = $false }
    }
    if ($configured -and -not $Force) {
        Write-Log ('windows_exporter {0} is already installed with these settings; not reinstalling' -f $versionText)
    }
    else {
        if ($installed -and $installedVersion -and $installedVersion -ge $targetVersion) {
            # Same version (reconfigure) or downgrade: MSI major upgrades only go forward.
            $productCode = [string]$installed.PSChildName
            if ($script:Cmdlet.ShouldProcess(('windows_exporter {0}' -f $installed.DisplayVersion), 'Uninstall before reinstalling')) {
                Invoke-Msiexec -Action 'uninstall' -Arguments @('/x', $productCode, '/qn', '/norestart', '/l*v', ('"{0}"' -f (Join-Path $workDir 'msiexec-uninstall.log')))
            }
        }
        $msiLog = Join-Path $workDir ('msiexec-install-{0}.log' -f $versionText)
        $msiArgs = @('/i', ('"{0}"' -f $msiFile), '/qn', '/norestart', '/l*v', ('"{0}"' -f $msiLog),
            ('ENABLED_COLLECTORS="{0}"' -f $collectorList), ('LISTEN_PORT={0}' -f $ListenPort))
        if ($extraFlags.Count -gt 0) { $msiArgs += ('EXTRA_FLAGS="{0}"' -f ($extraFlags -join ' ')) }
        if ($script:Cmdlet.ShouldProcess($msiName, 'Install with msiexec')) {
            Invoke-Msiexec -Action 'install' -Arguments $msiArgs
            Write-Log ('msiexec install succeeded (log: {0}); verifying the service' -f $msiLog)
        }
    }

    # 5. Firewall, service, verification.
    $programPath = $null
    if ($installed -and $installed.PSObject.Properties['InstallLocation'] -and $installed.InstallLocation) {
        $programPath = Join-Path ([string]$installed.InstallLocation) 'windows_exporter.exe'
    }
    if (-not $programPath) { $programPath = Join-Path $env:ProgramFiles 'windows_exporter\windows_exporter.exe' }
    Set-ExporterFirewallRule -ProgramPath $programPath

    if ($WhatIfPreference) {
        Write-Log 'WhatIf: skipping service start and verification'
        return
    }
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if (-not $service) {
        Write-ExporterEvents
        Exit-Install -Code $ExitCodes.Verification -Message 'service windows_exporter does not exist after the install'
    }
    if ($service.Status -ne 'Running') {
        try { Start-Service -Name $ServiceName } catch { Write-Log -Level WARN ('Start-Service: {0}' -f $_.Exception.Message) }
    }
    Test-ExporterEndpoints -Plan $plan -Table $table
    Write-Log ('done: windows_exporter {0} listening on TCP {1}' -f $versionText, $ListenPort)
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
