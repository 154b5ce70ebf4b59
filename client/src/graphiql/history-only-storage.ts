/**
 * GraphiQL's keys worth keeping across visits: the query history and favourites, and the look
 * (theme, pane sizes, open sidebar). Everything else GraphiQL stores (open tabs, queries,
 * variables, headers) holds what a person typed, which may include a token, so it lives only
 * as long as the page.
 */
const keptKeys = new Set(
  [
    "queries",
    "favorites",
    "theme",
    "editorFlex",
    "secondaryEditorFlex",
    "docExplorerFlex",
    "visiblePlugin",
  ].map((name) => `graphiql:${name}`),
);

/** History and favourites list the queries run, and GraphiQL keeps each one's headers with it. */
const listsOfQueries = new Set(["graphiql:queries", "graphiql:favorites"]);

/** A history list without the headers its entries were run with (a token, say). */
function withoutHeaders(value: string): string {
  try {
    const list = JSON.parse(value) as { queries?: Record<string, unknown>[] };
    if (!Array.isArray(list.queries)) return value;
    const queries = list.queries.map(({ headers: _headers, ...entry }) => entry);
    return JSON.stringify({ ...list, queries });
  } catch {
    return "{}"; // unreadable: keep nothing rather than something that may hold a token
  }
}

/**
 * The Storage GraphiQL is given: kept keys go to `persistent` (localStorage), the rest to memory.
 * Each visit therefore opens on the default query, with earlier queries one click away in History.
 */
export function historyOnlyStorage(persistent: Storage): Storage {
  const memory = new Map<string, string>();
  const storeFor = (key: string) => (keptKeys.has(key) ? persistent : undefined);
  const keys = () => [
    ...memory.keys(),
    ...[...keptKeys].filter((key) => persistent.getItem(key) !== null),
  ];
  return {
    getItem: (key) => storeFor(key)?.getItem(key) ?? memory.get(key) ?? null,
    setItem: (key, value) => {
      const store = storeFor(key);
      if (!store) memory.set(key, String(value));
      else store.setItem(key, listsOfQueries.has(key) ? withoutHeaders(String(value)) : value);
    },
    removeItem: (key) => {
      storeFor(key)?.removeItem(key);
      memory.delete(key);
    },
    key: (index) => keys()[index] ?? null,
    get length() {
      return keys().length;
    },
    clear: () => {
      for (const key of keptKeys) persistent.removeItem(key);
      memory.clear();
    },
  };
}
