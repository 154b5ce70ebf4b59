import { Configuration } from "@ory/client";

/** One place for how we talk to any Ory endpoint: its URL and a hard timeout. */
export function oryConfiguration(basePath: string, timeoutMs: number): Configuration {
  return new Configuration({
    basePath: basePath.replace(/\/$/, ""),
    baseOptions: { timeout: timeoutMs },
  });
}

/** The HTTP status of a failed @ory/client call, or undefined when none arrived. */
export function httpStatusOf(error: unknown): number | undefined {
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  return typeof response?.status === "number" ? response.status : undefined;
}
