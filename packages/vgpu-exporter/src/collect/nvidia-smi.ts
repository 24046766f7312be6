import { execFile, type ExecFileException } from 'node:child_process';

export interface NvidiaSmiOptions {
  /** Executable name (looked up on PATH) or path. */
  readonly path: string;
  readonly timeoutMs: number;
  /** Environment of the child; defaults to this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** nvidia-smi could not be run or reported failure; `message` says which and how to fix it. */
export class NvidiaSmiError extends Error {
  override readonly name = 'NvidiaSmiError';
}

// vgpu -q on a host with dozens of instances is tens of KiB; 32 MiB leaves room for anything real.
const MAX_OUTPUT_BYTES = 32 * 2 ** 20;

/**
 * Runs nvidia-smi once with `args` (execFile: no shell) and resolves with stdout.
 * Rejects with an NvidiaSmiError naming the cause: not found, not executable, timeout, or a
 * non-zero exit with the tool's own message (nvidia-smi prints driver errors on stdout).
 */
export function runNvidiaSmi(args: readonly string[], options: NvidiaSmiOptions): Promise<string> {
  const command = `${options.path} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    execFile(
      options.path,
      args,
      {
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        env: options.env ?? process.env,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        reject(new NvidiaSmiError(describeFailure(command, options, error, stdout, stderr)));
      },
    );
  });
}

function describeFailure(
  command: string,
  options: NvidiaSmiOptions,
  error: ExecFileException,
  stdout: string,
  stderr: string,
): string {
  if (error.code === 'ENOENT') {
    return `nvidia-smi not found ("${options.path}"): install the NVIDIA vGPU host driver or pass --nvidia-smi PATH`;
  }
  if (error.code === 'EACCES') return `nvidia-smi at "${options.path}" is not executable`;
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return `${command} printed more than ${MAX_OUTPUT_BYTES} bytes; refusing to parse it`;
  }
  if (error.killed && error.signal) {
    return `${command} timed out after ${options.timeoutMs} ms (raise --timeout if the GPU is busy)`;
  }
  const output = (stderr.trim() || stdout.trim()).replace(/\s+/g, ' ').slice(0, 500);
  const exit =
    typeof error.code === 'number' ? `exit code ${error.code}` : `signal ${error.signal}`;
  return `${command} failed with ${exit}${output ? `: ${output}` : ''}`;
}
