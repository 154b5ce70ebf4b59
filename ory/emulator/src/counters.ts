import type { ServiceName } from "./services.ts";

/**
 * Requests seen per service and `METHOD /path` (no query string), so tests and the benchmark can
 * tell how many Keto or Kratos calls a GraphQL request caused.
 */
export class RequestCounters {
  private readonly counts = new Map<ServiceName, Map<string, number>>();

  record(service: ServiceName, method: string, path: string): void {
    const route = `${method} ${path}`;
    const perRoute = this.counts.get(service) ?? new Map<string, number>();
    perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
    this.counts.set(service, perRoute);
  }

  /** Requests to one route, e.g. `get("keto", "POST /relation-tuples/batch/check")`. */
  get(service: ServiceName, route: string): number {
    return this.counts.get(service)?.get(route) ?? 0;
  }

  /** All requests to a service. */
  total(service: ServiceName): number {
    let sum = 0;
    for (const count of this.counts.get(service)?.values() ?? []) sum += count;
    return sum;
  }

  snapshot(): Record<ServiceName, Record<string, number>> {
    return {
      keto: Object.fromEntries(this.counts.get("keto") ?? []),
      kratos: Object.fromEntries(this.counts.get("kratos") ?? []),
    };
  }

  reset(service?: ServiceName): void {
    if (service) this.counts.delete(service);
    else this.counts.clear();
  }
}
