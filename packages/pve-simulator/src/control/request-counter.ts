// Counts API requests — and the peak number in flight — so tests and benchmarks can assert what a
// client costs and whether its concurrency limits hold (pveproxy has 3 workers per node).

export interface RequestCounts {
  total: number;
  /** By API path without `/api2/json` and query, e.g. `/cluster/resources`. */
  byPath: Record<string, number>;
  /** By route pattern and method, e.g. `GET /nodes/{node}/qemu/{vmid}/config`. */
  byRoute: Record<string, number>;
  /** By the node whose endpoint answered. */
  byEndpoint: Record<string, number>;
  /** Requests being handled right now. */
  inFlight: number;
  /** Peak concurrent requests since the last reset: overall, per endpoint, per target node. */
  maxInFlight: number;
  maxInFlightByEndpoint: Record<string, number>;
  /** Peak concurrent `/nodes/{node}/…` requests per target node. */
  maxInFlightByNode: Record<string, number>;
}

function bump(map: Record<string, number>, key: string, by = 1): number {
  const v = (map[key] ?? 0) + by;
  map[key] = v;
  return v;
}

function peak(map: Record<string, number>, key: string, value: number): void {
  if (value > (map[key] ?? 0)) map[key] = value;
}

export class RequestCounter {
  private counts: RequestCounts = RequestCounter.empty();
  private inFlightByEndpoint: Record<string, number> = {};
  private inFlightByNode: Record<string, number> = {};

  private static empty(): RequestCounts {
    return {
      total: 0,
      byPath: {},
      byRoute: {},
      byEndpoint: {},
      inFlight: 0,
      maxInFlight: 0,
      maxInFlightByEndpoint: {},
      maxInFlightByNode: {},
    };
  }

  record(path: string, route: string, endpoint: string): void {
    const c = this.counts;
    c.total++;
    bump(c.byPath, path);
    bump(c.byRoute, route);
    bump(c.byEndpoint, endpoint);
  }

  /** Marks a request as in flight; call the returned function once when its response closes. */
  begin(endpoint: string, targetNode: string | undefined): () => void {
    const c = this.counts;
    c.inFlight++;
    if (c.inFlight > c.maxInFlight) c.maxInFlight = c.inFlight;
    peak(c.maxInFlightByEndpoint, endpoint, bump(this.inFlightByEndpoint, endpoint));
    if (targetNode !== undefined)
      peak(c.maxInFlightByNode, targetNode, bump(this.inFlightByNode, targetNode));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.counts.inFlight = Math.max(0, this.counts.inFlight - 1);
      bump(this.inFlightByEndpoint, endpoint, -1);
      if (targetNode !== undefined) bump(this.inFlightByNode, targetNode, -1);
    };
  }

  snapshot(): RequestCounts {
    const c = this.counts;
    return {
      total: c.total,
      byPath: { ...c.byPath },
      byRoute: { ...c.byRoute },
      byEndpoint: { ...c.byEndpoint },
      inFlight: c.inFlight,
      maxInFlight: c.maxInFlight,
      maxInFlightByEndpoint: { ...c.maxInFlightByEndpoint },
      maxInFlightByNode: { ...c.maxInFlightByNode },
    };
  }

  /** Clears counters and peaks (requests still in flight stay counted as in flight). */
  reset(): void {
    const inFlight = this.counts.inFlight;
    this.counts = RequestCounter.empty();
    this.counts.inFlight = inFlight;
  }
}
