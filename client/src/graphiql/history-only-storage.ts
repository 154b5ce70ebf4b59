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
      if (store) store.setItem(key, value);
      else memory.set(key, String(value));
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
