import { createContext, useContext } from "react";
import type { ViewerQuery } from "../gql/graphql";

export type Viewer = NonNullable<ViewerQuery["viewer"]>;

export type Session =
  | { status: "loading" }
  | { status: "signed-in"; viewer: Viewer }
  | { status: "anonymous" }
  /** The API could not say who is signed in (API or Ory unreachable). */
  | { status: "unknown"; message: string };

export interface SessionControls {
  session: Session;
  /** Someone else may be signed in now: drop all cached data and read the viewer again. */
  renew(): void;
  /** The same person's traits changed: read the viewer again, showing the old one meanwhile. */
  refreshViewer(): void;
  /** Ends the Kratos session; resolves to an error message when that failed. */
  signOut(): Promise<string | undefined>;
}

export const SessionContext = createContext<SessionControls | null>(null);

export function useSession(): SessionControls {
  const controls = useContext(SessionContext);
  if (!controls) throw new Error("useSession needs a SessionProvider above it");
  return controls;
}
