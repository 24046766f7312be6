import { DEFAULT_JOBS, type JobNames } from '@pvemon/rules';

/** The app's jsonData (config page): all optional, defaults match stack/prometheus/prometheus.yml. */
export interface AppJsonData {
  /** uid of the Prometheus datasource pre-selected in the `ds` variable. */
  datasourceUid?: string;
  /** Prometheus job names, as in `pvemon-rules generate --*-job`. */
  jobs?: Partial<JobNames>;
  /** Base URL of the sd-server, for "open the discovery target" links. */
  sdServerUrl?: string;
}

export interface AppSettings {
  readonly datasourceUid?: string;
  readonly jobs: JobNames;
  readonly sdServerUrl?: string;
}

const JOB_NAME = /^[^"\\\n]+$/;

/** Defaults for missing fields; a job name that would break a PromQL selector falls back too. */
export function resolveSettings(jsonData: AppJsonData | undefined): AppSettings {
  const jobs: Record<string, string> = { ...DEFAULT_JOBS };
  for (const [key, value] of Object.entries(jsonData?.jobs ?? {})) {
    if (key in DEFAULT_JOBS && typeof value === 'string' && JOB_NAME.test(value)) {
      jobs[key] = value;
    }
  }
  return {
    datasourceUid: jsonData?.datasourceUid || undefined,
    jobs: jobs as unknown as JobNames,
    sdServerUrl: jsonData?.sdServerUrl?.replace(/\/+$/, '') || undefined,
  };
}

/** Problem with a job name typed on the config page, or undefined when it is usable. */
export function jobNameError(value: string): string | undefined {
  if (value === '') {
    return 'required: the Prometheus job name (e.g. "guests")';
  }
  return JOB_NAME.test(value) ? undefined : 'must not contain quotes, backslashes or newlines';
}
