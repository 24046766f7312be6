// pvemon-sim-nvidia-smi: a stand-in `nvidia-smi` for a simulated GPU node. It asks the running
// simulator (its exporter gateway) what the node's nvidia-smi prints now — `vgpu -q` and
// `--query-gpu=… --format=csv` follow the real output — so pvemon-vgpu can run against the
// simulated cluster. Environment: PVEMON_SIM_GATEWAY (printed by `pvemon-sim --exporters`) and
// PVEMON_SIM_NODE (e.g. pve1). `pvemon-sim --nvidia-smi-dir DIR` writes ready wrappers.
const gateway = process.env.PVEMON_SIM_GATEWAY;
const node = process.env.PVEMON_SIM_NODE;

async function main(): Promise<number> {
  if (!gateway || !node) {
    process.stderr.write(
      'pvemon-sim-nvidia-smi: set PVEMON_SIM_GATEWAY (the exporter gateway URL pvemon-sim prints) and PVEMON_SIM_NODE (a node name, e.g. pve1)\n',
    );
    return 2;
  }
  const url = new URL(`${gateway.replace(/\/$/, '')}/nvidia-smi/${encodeURIComponent(node)}`);
  for (const a of process.argv.slice(2)) url.searchParams.append('arg', a);
  let body: { exitCode: number; stdout: string; stderr: string };
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    body = (await res.json()) as typeof body;
  } catch (err) {
    // Like a host whose driver is gone: nvidia-smi's own failure text and exit code 9.
    process.stdout.write(
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n",
    );
    process.stderr.write(
      `pvemon-sim-nvidia-smi: simulator at ${gateway} not reachable: ${(err as Error).message}\n`,
    );
    return 9;
  }
  process.stdout.write(body.stdout);
  process.stderr.write(body.stderr);
  return body.exitCode;
}

void main().then((code) => {
  process.exitCode = code;
});
