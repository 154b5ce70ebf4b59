/** The two emulated products; faults and counters are kept per product. */
export type ServiceName = "keto" | "kratos";

export const serviceNames: readonly ServiceName[] = ["keto", "kratos"];

export function isServiceName(value: unknown): value is ServiceName {
  return value === "keto" || value === "kratos";
}

/** The ports of each product: Keto's read and write APIs, Kratos's public and admin APIs. */
export type PortName = "read" | "write" | "public" | "admin";

const ports: Record<ServiceName, readonly PortName[]> = {
  keto: ["read", "write"],
  kratos: ["public", "admin"],
};

export function portsOf(service: ServiceName): readonly PortName[] {
  return ports[service];
}

export function isPortName(value: unknown): value is PortName {
  return value === "read" || value === "write" || value === "public" || value === "admin";
}
