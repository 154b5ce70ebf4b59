import { createContext, useContext } from "react";
import type { KratosBrowserApi } from "../ory/kratos-api";

export const KratosContext = createContext<KratosBrowserApi | null>(null);

/** The Kratos public API of this deployment (from the client configuration). */
export function useKratos(): KratosBrowserApi {
  const kratos = useContext(KratosContext);
  if (!kratos) throw new Error("useKratos needs a KratosContext provider above it");
  return kratos;
}
