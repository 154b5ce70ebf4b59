import type { PortName, ServiceName } from "./services.ts";

/**
 * Requests seen per service and `METHOD /path` (no query string), so tests and the benchmark can
 * tell how many Keto or Kratos calls a GraphQL request caused.
 */
export class RequestCounters {
  private readonly counts = new Map<ServiceName, Map<string, number>>();
  private readonly authorized = new Map<string, number>();

  /** A request that carried an `Authorization` header, on one port. */
  recordAuthorized(service: ServiceName, port: PortName): void {
    const key = `${service} ${port}`;
    this.authorized.set(key, (this.authorized.get(key) ?? 0) + 1);
  }

  /** Requests that carried an `Authorization` header to this port (e.g. an API key). */
  authorizedOn(service: ServiceName, port: PortName): number {
    return this.authorized.get(`${service} ${port}`) ?? 0;
  }

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
    for (const key of [...this.authorized.keys()]) {
      if (!service || key.startsWith(`${service} `)) this.authorized.delete(key);
    }
  }
}
