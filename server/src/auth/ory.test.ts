import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PermissionApi } from "@ory/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpStatusOf, oryConfiguration } from "./ory.ts";

/**
 * How the SDK's HTTP connections behave with our configuration, seen from the server's side:
 * a bare HTTP server that counts TCP connections and answers like Keto's check endpoint.
 */
let server: Server;
let baseUrl: string;
let connections = 0;
let redirect = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (redirect) {
      res.writeHead(302, { location: "/elsewhere" }).end();
      return;
    }
    // Answer late enough that concurrent calls overlap and need sockets of their own.
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ allowed: true }));
    }, 20);
    req.resume();
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const check = (api: PermissionApi) =>
  api.checkPermission({ namespace: "App", object: "homepage", relation: "read", subjectId: "u" });

describe("oryConfiguration", () => {
  it("reuses one connection for calls made one after another", async () => {
    connections = 0;
    const api = new PermissionApi(oryConfiguration(baseUrl, 5_000));
    for (let i = 0; i < 10; i++) expect((await check(api)).data.allowed).toBe(true);
    expect(connections).toBe(1);
  });

  it("opens at most 64 connections to an endpoint however many calls are in flight", async () => {
    const api = new PermissionApi(oryConfiguration(baseUrl, 30_000));
    const answers = await Promise.all(Array.from({ length: 200 }, () => check(api)));
    expect(answers.every((answer) => answer.data.allowed)).toBe(true);
    expect(connections).toBeLessThanOrEqual(64);
  });

  it("does not follow redirects: a 3xx fails the call", async () => {
    redirect = true;
    try {
      const api = new PermissionApi(oryConfiguration(baseUrl, 5_000));
      const failure = await check(api).catch((error: unknown) => error);
      expect(httpStatusOf(failure)).toBe(302);
    } finally {
      redirect = false;
    }
  });
});
