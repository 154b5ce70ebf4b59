import { FetchError, ResponseError } from "@ory/client-fetch";

/** An SDK failure in one line: Keto's own answer when it gave one, else why it could not. */
export async function explainKetoError(error: unknown): Promise<string> {
  if (error instanceof ResponseError) {
    const { status, url } = error.response;
    return `Keto answered ${status} to ${url}: ${await error.response.text()}`;
  }
  if (error instanceof FetchError) return `Keto could not be reached: ${causes(error.cause)}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:4467": a message and the causes under it. */
function causes(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message}: ${causes(error.cause)}`;
}
