import { useMemo } from "react";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { KratosContext } from "../auth/kratos-context";
import type { ClientConfig } from "../config/client-config";
import { KratosBrowserApi } from "../ory/kratos-api";
import { SessionProvider } from "../session/SessionProvider";
import { routes } from "./routes";

export function App({ config }: { config: ClientConfig }) {
  const kratos = useMemo(() => new KratosBrowserApi(config.kratosPublicUrl), [config]);
  const router = useMemo(() => createBrowserRouter(routes), []);
  return (
    <KratosContext.Provider value={kratos}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </KratosContext.Provider>
  );
}
