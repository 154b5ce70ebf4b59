import { isPortName, type PortName, portsOf, type ServiceName, serviceNames } from "./services.ts";

/**
 * An injected failure for one service. `latencyMs` delays every answer, `status` answers every
 * request with that error status, `down` closes the ports so clients see connection refused.
 * `port` narrows the fault to one of the service's ports (e.g. Keto's write API failing while
 * its read API answers); without it the fault hits all of them.
 */
export interface Fault {
  latencyMs?: number;
  status?: number;
  down?: boolean;
  port?: PortName;
}

/** Opens or closes each of the service's ports so that exactly the ones in `down` are down. */
export type SetPortsDown = (service: ServiceName, down: readonly PortName[]) => Promise<void>;

export class FaultError extends Error {}

export class Faults {
  private readonly current = new Map<ServiceName, Fault>();

  constructor(private readonly setDown: SetPortsDown) {}

  get(service: ServiceName): Fault | undefined {
    return this.current.get(service);
  }

  /** The fault that applies to requests on one port of the service. */
  forPort(service: ServiceName, port: PortName): Fault | undefined {
    const fault = this.current.get(service);
    return fault && (fault.port === undefined || fault.port === port) ? fault : undefined;
  }

  snapshot(): Record<ServiceName, Fault | null> {
    return { keto: this.current.get("keto") ?? null, kratos: this.current.get("kratos") ?? null };
  }

  /** Replaces the service's fault; resolves once its ports are down or up again. */
  async set(service: ServiceName, fault: Fault): Promise<void> {
    const valid = validateFault(fault);
    if (valid.port !== undefined && !portsOf(service).includes(valid.port)) {
      throw new FaultError(
        `${service} has no "${valid.port}" port (${portsOf(service).join(", ")})`,
      );
    }
    const before = this.downPorts(service);
    this.current.set(service, valid);
    const after = this.downPorts(service);
    if (before.join() !== after.join()) await this.setDown(service, after);
  }

  private downPorts(service: ServiceName): PortName[] {
    return portsOf(service).filter((port) => this.forPort(service, port)?.down === true);
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
  const { latencyMs, status, down, port } = fault;
  if (latencyMs !== undefined && (!Number.isInteger(latencyMs) || latencyMs < 0)) {
    throw new FaultError("latencyMs must be a non-negative integer");
  }
  if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
    throw new FaultError("status must be an HTTP error status (400-599)");
  }
  if (down !== undefined && typeof down !== "boolean")
    throw new FaultError("down must be a boolean");
  if (port !== undefined && !isPortName(port))
    throw new FaultError('port must be "read", "write", "public" or "admin"');
  return {
    ...(latencyMs ? { latencyMs } : {}),
    ...(status ? { status } : {}),
    ...(down ? { down } : {}),
    ...(port ? { port } : {}),
  };
}
