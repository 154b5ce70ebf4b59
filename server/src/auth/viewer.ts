import type { Session } from "./session.ts";

/** The signed-in person as the API sees them, taken from their Kratos session. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  session: Session;
}

export function viewerFromSession(session: Session): Viewer {
  const traits = (session.identity?.traits ?? {}) as { email?: unknown; name?: unknown };
  const email = typeof traits.email === "string" ? traits.email : "";
  return {
    id: session.identity?.id ?? "",
    email,
    name: typeof traits.name === "string" && traits.name ? traits.name : email,
    session,
  };
}
