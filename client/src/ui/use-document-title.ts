import { useEffect } from "react";

const appName = "Ory GraphQL";

/** Each page names itself, so tabs, history and screen readers tell pages apart. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · ${appName}`;
  }, [title]);
}
