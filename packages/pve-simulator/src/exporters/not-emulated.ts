// Families of the real exporters' recorded outputs that the simulator does NOT emit, each with
// the reason. The conformance tests fail when a recorded family is neither emitted nor listed
// here, when an entry matches nothing recorded (so the list cannot go stale) and when an entry
// matches a family that is emitted.
export interface NotEmulated {
  /** Regular expression, anchored at both ends, over family names. */
  pattern: string;
  reason: string;
}

const SELF =
  "the exporter binary's own Go runtime / process / promhttp self-metrics: nothing a dashboard or alert of pvemon reads, and no meaning for a simulated process";

export const NOT_EMULATED: Readonly<Record<string, readonly NotEmulated[]>> = {
  node_exporter: [
    { pattern: '(go|process|promhttp)_.*', reason: SELF },
    {
      pattern: 'testmetric.*|node_textfile_mtime_seconds',
      reason: 'textfile-collector test inputs of the e2e run; simulated hosts have no .prom files',
    },
    {
      pattern:
        'node_(arp|bcache|bonding|btrfs|buddyinfo|cgroups|cooling|dmi|dmmultipath|drbd|edac|fibrechannel|filefd|hwmon|infiniband|interrupts|ipvs|kernel|ksmd|lnstat|md|mountstats|netstat|nf|nfs|nfsd|nvme|pcidevice|power|processes|qdisc|rapl|schedstat|selinux|slabinfo|sockstat|softirqs|softnet|sysctl|tape|thermal|udp|watchdog|wifi|xfs|zoneinfo)_.*',
      reason:
        'collectors for hardware, filesystems and kernel subsystems no pvemon page or alert uses (the e2e run enables them against fixture /proc and /sys trees)',
    },
    {
      pattern:
        'node_cpu_(bug_info|flag_info|core_throttles_total|package_throttles_total|isolated|scaling_.*|frequency_.*|vulnerabilities_info)',
      reason:
        'CPU feature, throttling and frequency details; pvemon reads only node_cpu_seconds_total/_guest_seconds_total/_info',
    },
    {
      pattern: 'node_disk_(ata_.*|discard.*|flush_.*|filesystem_info)',
      reason:
        'ATA/udev details and discard/flush counters; pvemon reads the read/write/io-time counters, node_disk_info and node_disk_device_mapper_info',
    },
    {
      pattern:
        'node_memory_(?!(MemTotal|MemFree|MemAvailable|Buffers|Cached|Slab|Shmem|Dirty|Active|Inactive|Committed_AS|CommitLimit|SwapTotal|SwapFree|SwapCached)_bytes$).*',
      reason:
        'the other /proc/meminfo fields (and NUMA meminfo); pvemon reads MemTotal/MemAvailable and swap',
    },
    {
      pattern:
        'node_network_(?!(receive|transmit)_(bytes|packets|drop|errs)_total$|up$|mtu_bytes$|info$|speed_bytes$).*',
      reason:
        'further netdev/netclass counters and attributes (fifo, frame, carrier, address assign type, …) with no consumer',
    },
    {
      pattern:
        'node_(entropy_pool_size_bits|os_version|time_(clocksource_.*|zone_offset_seconds)|udp_queues)',
      reason: 'static or clock-source details with no consumer',
    },
    {
      pattern:
        'node_zfs_(?!arc_(size|c|c_min|c_max|hits|misses|mru_size|mfu_size|memory_available_bytes)$).*',
      reason:
        'the other ZFS kstats (abd, dbuf, dmu_tx, fm, vdev_cache, xuio, zfetch, zil, pool IO, remaining arcstats); the pages show ARC size/target/hit ratio',
    },
  ],
  windows_exporter: [
    {
      pattern:
        'windows_(cache|performancecounter|scheduled_task|tcp|textfile|time|udp)_.*|test_alpha_total',
      reason:
        "collectors outside the issue's list (cpu, memory, logical_disk, physical_disk, net, os, system, process, pagefile, service) that the e2e run enables",
    },
    {
      pattern: 'windows_cpu_info.*',
      reason: "the separate cpu_info collector (not in the issue's list)",
    },
  ],
  nvidia_gpu_exporter: [],
  pve_exporter: [
    {
      pattern: 'pve_qdevice_(up|info)',
      reason:
        'the simulated cluster has no QDevice configured (the real exporter then emits neither family)',
    },
  ],
};
