import { createSchema, createYoga } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { useStrictTransportSecurity } from "./strict-transport-security.ts";

const schema = createSchema({ typeDefs: "type Query { hello: String }" });

async function hstsFor(url: string, headers: Record<string, string>, trustForwardedProto: boolean) {
  const app = createYoga({
    schema,
    logging: false,
    plugins: [useStrictTransportSecurity({ trustForwardedProto })],
  });
  const response = await app.fetch(url, { headers: { accept: "application/json", ...headers } });
  return response.headers.get("strict-transport-security");
}

const query = "/graphql?query=%7Bhello%7D";

describe("Strict-Transport-Security", () => {
  it("is sent for a request that came over https", async () => {
    expect(await hstsFor(`https://api.test${query}`, {}, false)).toBe("max-age=31536000");
  });

  it("is not sent over plain http", async () => {
    expect(await hstsFor(`http://api.test${query}`, {}, true)).toBeNull();
  });

  it("believes the proxy's X-Forwarded-Proto only when configured to", async () => {
    const viaTls = { "x-forwarded-proto": "https" };
    expect(await hstsFor(`http://api.test${query}`, viaTls, true)).toBe("max-age=31536000");
    // Without a trusted proxy anyone could send the header; it changes nothing.
    expect(await hstsFor(`http://api.test${query}`, viaTls, false)).toBeNull();
  });

  it("takes the browser's scheme from the first of several proxies", async () => {
    const chain = (value: string) => ({ "x-forwarded-proto": value });
    expect(await hstsFor(`http://api.test${query}`, chain("HTTPS, http"), true)).toBe(
      "max-age=31536000",
    );
    expect(await hstsFor(`http://api.test${query}`, chain("http, https"), true)).toBeNull();
  });
});
