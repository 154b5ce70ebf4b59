import { vi } from "vitest";
import persistedDocuments from "../gql/persisted-documents.json";

export interface ApiCall {
  operation: string;
  variables: Record<string, unknown>;
}

/** An answer to one operation: a body, or a promise of one (to hold a request open). */
export type ApiAnswer = () => unknown;

/**
 * A fake API that answers by operation name (read from the persisted document the hash
 * names) and records each request's operation and variables; Kratos answers "no session". Answers are read when a
 * request comes, so a test can change what the API says between requests.
 */
export function fakeApi(answers: Map<string, ApiAnswer>) {
  const calls: ApiCall[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    // Kratos (the layout asks it about the session) knows nobody here.
    if (!String(url).endsWith("/graphql")) {
      return Response.json({ error: { code: 401, message: "No session" } }, { status: 401 });
    }
    const body = JSON.parse(String(init.body));
    const hash: keyof typeof persistedDocuments = body.extensions.persistedQuery.sha256Hash;
    const operation = /(?:query|mutation) (\w+)/.exec(persistedDocuments[hash])?.[1] ?? "";
    calls.push({ operation, variables: body.variables ?? {} });
    const answer = answers.get(operation);
    if (!answer) throw new Error(`unexpected operation ${operation}`);
    return Response.json(await answer());
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

/** A mutation's answer: its one field holding the result union member. */
export const payload = (field: string, body: unknown) => ({ data: { [field]: body } });

/** A promise and the function that settles it, for answers that wait for the test. */
export function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
