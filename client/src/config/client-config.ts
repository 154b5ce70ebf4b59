/** What the browser needs to know about its deployment, decided by the server at run time. */
export interface ClientConfig {
  /** Ory Kratos' public API as the browser reaches it, without a trailing slash. */
  kratosPublicUrl: string;
}

const devDefaultKratosUrl = "http://127.0.0.1:4433";

/**
 * A built client is deployed once and pointed at any Kratos by the API server's
 * `/client-config.json`; the Vite dev server has no such endpoint, so it uses the env.
 */
export async function loadClientConfig(): Promise<ClientConfig> {
  if (import.meta.env.DEV) {
    return normalize({
      kratosPublicUrl: import.meta.env.VITE_KRATOS_PUBLIC_URL ?? devDefaultKratosUrl,
    });
  }
  const response = await fetch("/client-config.json", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`GET /client-config.json answered ${response.status}`);
  return normalize(await response.json());
}

function normalize(raw: unknown): ClientConfig {
  const url = (raw as Partial<ClientConfig> | null)?.kratosPublicUrl;
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
    throw new Error("The client configuration has no valid kratosPublicUrl");
  }
  return { kratosPublicUrl: url.replace(/\/+$/, "") };
}
