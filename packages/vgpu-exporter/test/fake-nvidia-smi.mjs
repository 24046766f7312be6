#!/usr/bin/env node
// A stand-in for `nvidia-smi` that replays recorded outputs, for end-to-end tests of
// pvemon-vgpu and for the demo stack (the pve-simulator may reuse or mirror it).
//
// Interface (all through environment variables, so a test selects behaviour per spawn):
//   FAKE_NVIDIA_SMI_VGPU_Q     file printed for `nvidia-smi vgpu -q`                (required for it)
//   FAKE_NVIDIA_SMI_QUERY_GPU  file printed for `nvidia-smi --query-gpu=... --format=csv`
//                              (printed as is: it must contain a header row with the fields)
//   FAKE_NVIDIA_SMI_MODE       ok (default) | fail: print the real "couldn't communicate with the
//                              NVIDIA driver" message on stdout and exit 9, as nvidia-smi does
//                              when the driver is not loaded
//   FAKE_NVIDIA_SMI_DELAY_MS   wait this long before answering (slow GPU / timeout tests)
//   FAKE_NVIDIA_SMI_LOG        append one JSON line per invocation ({"argv":[...]}) to this file,
//                              so tests can count how often the exporter forked nvidia-smi
// Any other arguments: a usage error on stderr and exit 2 (nvidia-smi's "invalid argument").
//
// To put it on PATH, link or copy it as `nvidia-smi` (it is executable) or use a wrapper that
// `exec`s it; it runs as a single process so a timeout kill ends it.
import { appendFileSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const env = process.env;

if (env.FAKE_NVIDIA_SMI_LOG) {
  appendFileSync(env.FAKE_NVIDIA_SMI_LOG, `${JSON.stringify({ argv: args })}\n`);
}

function answer() {
  if ((env.FAKE_NVIDIA_SMI_MODE ?? 'ok') === 'fail') {
    process.stdout.write(
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. " +
        'Make sure that the latest NVIDIA driver is installed and running.\n\n',
    );
    process.exit(9);
  }
  let file;
  if (args[0] === 'vgpu' && args[1] === '-q' && args.length === 2) {
    file = env.FAKE_NVIDIA_SMI_VGPU_Q;
  } else if (args.some((a) => a.startsWith('--query-gpu=')) && args.includes('--format=csv')) {
    file = env.FAKE_NVIDIA_SMI_QUERY_GPU;
  }
  if (!file) {
    process.stderr.write(
      `fake nvidia-smi: no fixture for "${args.join(' ')}" (set FAKE_NVIDIA_SMI_VGPU_Q / FAKE_NVIDIA_SMI_QUERY_GPU)\n`,
    );
    process.exit(2);
  }
  process.stdout.write(readFileSync(file));
  process.exit(0);
}

const delay = Number(env.FAKE_NVIDIA_SMI_DELAY_MS ?? 0);
if (delay > 0) setTimeout(answer, delay);
else answer();
