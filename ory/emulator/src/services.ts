/** The two emulated products; faults and counters are kept per product. */
export type ServiceName = "keto" | "kratos";

export const serviceNames: readonly ServiceName[] = ["keto", "kratos"];

export function isServiceName(value: unknown): value is ServiceName {
  return value === "keto" || value === "kratos";
}
