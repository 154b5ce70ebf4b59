import { type ServiceName, serviceNames } from "./services.ts";

/**
 * An injected failure for one service. `latencyMs` delays every answer, `status` answers every
 * request with that error status, `down` closes the ports so clients see connection refused.
 */
export interface Fault {
  latencyMs?: number;
  status?: number;
  down?: boolean;
}

/** Takes a service's ports down or brings them back up on the same port numbers. */
export type SetServiceDown = (service: ServiceName, down: boolean) => Promise<void>;

export class FaultError extends Error {}

export class Faults {
  private readonly current = new Map<ServiceName, Fault>();

  constructor(private readonly setDown: SetServiceDown) {}

  get(service: ServiceName): Fault | undefined {
    return this.current.get(service);
  }

  snapshot(): Record<ServiceName, Fault | null> {
    return { keto: this.current.get("keto") ?? null, kratos: this.current.get("kratos") ?? null };
  }

  /** Replaces the service's fault; resolves once its ports are down or up again. */
  async set(service: ServiceName, fault: Fault): Promise<void> {
    const valid = validateFault(fault);
    const wasDown = this.current.get(service)?.down === true;
    this.current.set(service, valid);
    if (wasDown !== (valid.down === true)) await this.setDown(service, valid.down === true);
  }

  /** Removes the faults of one service, or of all. */
  async clear(service?: ServiceName): Promise<void> {
    for (const name of service ? [service] : serviceNames) {
      if (this.current.has(name)) await this.set(name, {});
      this.current.delete(name);
    }
  }
}

export function validateFault(fault: Fault): Fault {
  if (typeof fault !== "object" || fault === null)
    throw new FaultError("a fault must be an object");
  const { latencyMs, status, down } = fault;
  if (latencyMs !== undefined && (!Number.isInteger(latencyMs) || latencyMs < 0)) {
    throw new FaultError("latencyMs must be a non-negative integer");
  }
  if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
    throw new FaultError("status must be an HTTP error status (400-599)");
  }
  if (down !== undefined && typeof down !== "boolean")
    throw new FaultError("down must be a boolean");
  return {
    ...(latencyMs ? { latencyMs } : {}),
    ...(status ? { status } : {}),
    ...(down ? { down } : {}),
  };
}
