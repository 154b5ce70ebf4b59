import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { PermissionApi } from "@ory/client-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { describeOryFailure, errorBodyOf, httpStatusOf, oryConfiguration } from "./ory.ts";

type Answer = "allowed" | "redirect" | "error" | "never";

/**
 * How the SDK's HTTP connections behave with our configuration, seen from the server's side:
 * a bare HTTP server that records its TCP connections and answers like Keto's check endpoint.
 * Each test has its own, so no connection pooled for another test is reused.
 */
async function bareKeto(initial: Answer) {
  const state = { answer: initial, sockets: [] as Socket[] };
  const server = createServer((req, res) => {
    req.resume();
    if (state.answer === "redirect") {
      res.writeHead(302, { location: "/elsewhere" }).end();
    } else if (state.answer === "error") {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: 500, message: "Keto is having a bad day" } }));
    } else if (state.answer === "allowed") {
      // Answer late enough that concurrent calls overlap and need connections of their own.
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ allowed: true }));
      }, 20);
    }
  });
  server.on("connection", (socket: Socket) => state.sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return Object.assign(state, {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
  });
}
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const check = (api: PermissionApi) =>
  api.checkPermission({ namespace: "App", object: "homepage", relation: "read", subjectId: "u" });

describe("oryConfiguration", () => {
  it("reuses connections for calls made one after another", async () => {
    const keto = await bareKeto("allowed");
    const api = new PermissionApi(oryConfiguration(keto.url, 5_000));
    for (let i = 0; i < 10; i++) expect((await check(api)).allowed).toBe(true);
    // A connection is handed back to the pool just after its call returns, so the next call
    // may take a second one; never more.
    expect(keto.sockets.length).toBeLessThanOrEqual(2);
  });

  it("opens at most 64 connections to an endpoint however many calls are in flight", async () => {
    const keto = await bareKeto("allowed");
    const api = new PermissionApi(oryConfiguration(keto.url, 30_000));
    const answers = await Promise.all(Array.from({ length: 200 }, () => check(api)));
    expect(answers.every((answer) => answer.allowed)).toBe(true);
    expect(keto.sockets.length).toBeGreaterThan(2);
    expect(keto.sockets.length).toBeLessThanOrEqual(64);
  });

  it("closes idle connections itself, before a Node server's 5 s keep-alive timeout does", async () => {
    const keto = await bareKeto("allowed");
    keto.server.keepAliveTimeout = 5_000;
    const api = new PermissionApi(oryConfiguration(keto.url, 5_000));
    await check(api);
    const [socket] = keto.sockets;
    // The client's FIN arrives as "end"; a server timing the connection out sees none.
    let closedByClient = false;
    socket.on("end", () => {
      closedByClient = true;
    });
    await once(socket, "close");
    expect(closedByClient).toBe(true);
  });

  it("does not follow redirects: a 3xx fails the call", async () => {
    const keto = await bareKeto("redirect");
    const api = new PermissionApi(oryConfiguration(keto.url, 5_000));
    const failure = await check(api).catch((error: unknown) => error);
    expect(httpStatusOf(failure)).toBe(302);
  });

  it("fails an error answer with its status and body, and keeps the connection", async () => {
    const keto = await bareKeto("error");
    const api = new PermissionApi(oryConfiguration(keto.url, 5_000));
    const failure = await check(api).catch((error: unknown) => error);
    expect(httpStatusOf(failure)).toBe(500);
    expect(describeOryFailure(failure)).toBe("HTTP 500");
    // Read twice: callers may describe one failure more than once.
    expect(await errorBodyOf(failure)).toContain("Keto is having a bad day");
    expect(await errorBodyOf(failure)).toContain("Keto is having a bad day");
    keto.answer = "allowed";
    expect((await check(api)).allowed).toBe(true);
    expect(keto.sockets.length).toBeLessThanOrEqual(2);
  });

  it("gives up on a call that gets no answer within the timeout", async () => {
    const keto = await bareKeto("never");
    const api = new PermissionApi(oryConfiguration(keto.url, 200));
    const failure = await check(api).catch((error: unknown) => error);
    expect(httpStatusOf(failure)).toBeUndefined();
    expect(describeOryFailure(failure)).toMatch(/timeout/i);
  });

  it("fails a call to an endpoint that refuses connections, with the reason", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const api = new PermissionApi(oryConfiguration(`http://127.0.0.1:${port}`, 5_000));
    const failure = await check(api).catch((error: unknown) => error);
    expect(httpStatusOf(failure)).toBeUndefined();
    expect(describeOryFailure(failure)).toMatch(/ECONNREFUSED/);
  });
});
