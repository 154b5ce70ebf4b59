// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { historyOnlyStorage } from "./history-only-storage";

/** A real Web Storage (happy-dom's), standing in for the browser's localStorage. */
let persistent: Storage;
beforeEach(() => {
  persistent = window.localStorage;
  persistent.clear();
});

describe("the storage GraphiQL is given", () => {
  it("keeps the history in localStorage and what was typed in memory only", () => {
    const storage = historyOnlyStorage(persistent);
    const tabs = JSON.stringify({ tabs: [{ headers: '{"Authorization": "Bearer secret"}' }] });
    storage.setItem("graphiql:tabState", tabs);
    storage.setItem("graphiql:headers", '{"Authorization": "Bearer secret"}');
    storage.setItem("graphiql:queries", '{"queries":[{"query":"{ viewer { id } }"}]}');

    expect(storage.getItem("graphiql:tabState")).toBe(tabs);
    expect(persistent.getItem("graphiql:queries")).toContain("viewer");
    expect(Object.keys(persistent)).toEqual(["graphiql:queries"]);
    expect(JSON.stringify(Object.entries(persistent))).not.toContain("secret");
    expect(storage.length).toBe(3);
  });

  it("keeps history and favourites without the headers their queries were run with", () => {
    const storage = historyOnlyStorage(persistent);
    const run = { query: "{ viewer { id } }", headers: '{"Authorization": "Bearer secret"}' };
    for (const key of ["graphiql:queries", "graphiql:favorites"]) {
      storage.setItem(key, JSON.stringify({ queries: [run] }));
      expect(JSON.parse(persistent.getItem(key) as string)).toEqual({
        queries: [{ query: "{ viewer { id } }" }],
      });
    }
    storage.setItem("graphiql:queries", "not json, Bearer secret");
    expect(JSON.stringify(Object.entries(persistent))).not.toContain("secret");
  });

  it("opens a later visit on a fresh page with the history still there", () => {
    historyOnlyStorage(persistent).setItem("graphiql:query", "{ projects { edges { cursor } } }");
    historyOnlyStorage(persistent).setItem("graphiql:queries", '{"queries":[]}');

    const nextVisit = historyOnlyStorage(persistent);
    expect(nextVisit.getItem("graphiql:query")).toBeNull();
    expect(nextVisit.getItem("graphiql:queries")).toBe('{"queries":[]}');
  });

  it("clears only GraphiQL's own keys from localStorage", () => {
    persistent.setItem("something-else", "kept");
    const storage = historyOnlyStorage(persistent);
    storage.setItem("graphiql:favorites", "[]");
    storage.setItem("graphiql:variables", "{}");

    storage.clear();
    expect(storage.length).toBe(0);
    expect(Object.keys(persistent)).toEqual(["something-else"]);
  });
});
