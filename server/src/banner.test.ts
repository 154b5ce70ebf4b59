import { describe, expect, it } from "vitest";
import { banner } from "./banner.ts";

const stack = {
  url: "http://127.0.0.1:4000",
  ory: {
    kratosPublic: "http://127.0.0.1:4433",
    kratosAdmin: "http://127.0.0.1:4434",
    ketoRead: "http://127.0.0.1:4466",
    ketoWrite: "http://127.0.0.1:4467",
  },
  embeddedOry: true,
  demoLogins: [],
};
const row = (text: string, label: string) =>
  text.split("\n").find((line) => line.trim().startsWith(label));

describe("the start-up banner", () => {
  it("shows the emulator's mail inbox when it runs, and nothing about mail otherwise", () => {
    const embedded = banner(
      { ...stack, mail: { inbox: "http://127.0.0.1:4436/", api: "http://127.0.0.1:4437/" } },
      { dataDir: "/data", GRAPHIQL: true },
    );
    expect(row(embedded, "Mail")).toMatch(/http:\/\/127\.0\.0\.1:4436\/$/);
    expect(row(banner(stack, { dataDir: "/data", GRAPHIQL: true }), "Mail")).toBeUndefined();
  });

  it("says unexpected errors are masked when NODE_ENV is unset, and how to see them", () => {
    const text = banner(stack, { dataDir: "/data", NODE_ENV: undefined, GRAPHIQL: true });
    expect(row(text, "Unexpected errors")).toMatch(
      /masked \(NODE_ENV unset; set NODE_ENV=development to show their causes\)/,
    );
  });

  it("says when they carry causes, and how to mask them", () => {
    const text = banner(stack, { dataDir: "/data", NODE_ENV: "development", GRAPHIQL: true });
    expect(row(text, "Unexpected errors")).toMatch(/shown with causes .*unset it to mask them/);
  });

  it("says an npm start without NODE_ENV is a development run", () => {
    const text = banner(stack, { dataDir: "/data", GRAPHIQL: true });
    expect(row(text, "Mode")).toMatch(/^\s+Mode\s+development \(NODE_ENV unset;/);
  });

  it("says where the browser app is", () => {
    const text = banner(stack, { dataDir: "/data", GRAPHIQL: true });
    expect(row(text, "App (browser)")).toMatch(/^\s+App \(browser\)\s+http:\/\/127.0.0.1:4000\/$/);
  });

  it("names GraphiQL beside the GraphQL URL only when it is served", () => {
    const on = banner(stack, { dataDir: "/data", GRAPHIQL: true });
    expect(row(on, "GraphQL")).toMatch(
      /^\s+GraphQL \+ GraphiQL\s+http:\/\/127.0.0.1:4000\/graphql$/,
    );
    const off = banner(stack, { dataDir: "/data", GRAPHIQL: false });
    expect(row(off, "GraphQL")).toMatch(/^\s+GraphQL\s+http:\/\/127.0.0.1:4000\/graphql$/);
  });

  it("names the mode it was given", () => {
    const text = banner(stack, {
      dataDir: "/data",
      NODE_ENV: "production",
      CURSOR_SECRET: "x",
      GRAPHIQL: false,
    });
    expect(row(text, "Mode")).toMatch(/^\s+Mode\s+production \(NODE_ENV=production\)$/);
    expect(row(text, "Unexpected errors")).toMatch(/masked \(NODE_ENV=production;/);
    expect(row(text, "Page cursors")).toMatch(/sealed with CURSOR_SECRET$/);
  });

  it("names the file that keeps the embedded stack's cursor key", () => {
    const text = banner(
      { ...stack, cursorSecretFile: "/data/cursor-secret" },
      { dataDir: "/data", GRAPHIQL: true },
    );
    expect(row(text, "Page cursors")).toMatch(/sealed with the key kept in \/data\/cursor-secret$/);
  });

  it("says when cursors will not survive a restart", () => {
    const text = banner(stack, { dataDir: "/data", GRAPHIQL: true });
    expect(row(text, "Page cursors")).toMatch(/set CURSOR_SECRET to keep them across restarts/);
  });
});
