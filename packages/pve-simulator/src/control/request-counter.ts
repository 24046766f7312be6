// Counts API requests so tests and benchmarks can assert what a client costs.

export interface RequestCounts {
  total: number;
  /** By API path without `/api2/json` and query, e.g. `/cluster/resources`. */
  byPath: Record<string, number>;
  /** By route pattern and method, e.g. `GET /nodes/{node}/qemu/{vmid}/config`. */
  byRoute: Record<string, number>;
  /** By the node whose endpoint answered. */
  byEndpoint: Record<string, number>;
}

export class RequestCounter {
  private counts: RequestCounts = RequestCounter.empty();

  private static empty(): RequestCounts {
    return { total: 0, byPath: {}, byRoute: {}, byEndpoint: {} };
  }

  record(path: string, route: string, endpoint: string): void {
    const c = this.counts;
    c.total++;
    c.byPath[path] = (c.byPath[path] ?? 0) + 1;
    c.byRoute[route] = (c.byRoute[route] ?? 0) + 1;
    c.byEndpoint[endpoint] = (c.byEndpoint[endpoint] ?? 0) + 1;
  }

  snapshot(): RequestCounts {
    const c = this.counts;
    return { total: c.total, byPath: { ...c.byPath }, byRoute: { ...c.byRoute }, byEndpoint: { ...c.byEndpoint } };
  }

  reset(): void {
    this.counts = RequestCounter.empty();
  }
}
