import type { Relationship } from "@ory/client-fetch";

/**
 * Writes tuples straight into Keto's write API, as an operator or another service would,
 * bypassing the API's outbox. Fails the test when Keto refuses them.
 */
export async function insertTuples(ketoWriteUrl: string, tuples: Relationship[]): Promise<void> {
  const response = await fetch(new URL("/admin/relation-tuples", ketoWriteUrl), {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(tuples.map((relation_tuple) => ({ action: "insert", relation_tuple }))),
  });
  if (response.status !== 204) {
    throw new Error(`Keto refused the tuples: ${response.status} ${await response.text()}`);
  }
}
