import type { RouteObject } from "react-router";
import { AuthErrorPage } from "../auth/AuthErrorPage";
import { LoginPage } from "../auth/LoginPage";
import { RegistrationPage } from "../auth/RegistrationPage";
import { SettingsPage } from "../auth/SettingsPage";
import { Layout } from "../layout/Layout";
import { NotFoundPage } from "../pages/NotFoundPage";
import { RouteErrorPage } from "../pages/RouteErrorPage";
import { WelcomePage } from "../pages/WelcomePage";
import { RequireSession } from "../session/RequireSession";

/**
 * Every page has a real URL. /login, /registration, /settings and /error are the
 * `ui_url`s in ory/kratos/kratos.yml, so Kratos can send browsers straight to them.
 */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <WelcomePage /> },
      { path: "login", element: <LoginPage /> },
      { path: "registration", element: <RegistrationPage /> },
      { path: "error", element: <AuthErrorPage /> },
      {
        // Pages for signed-in people only (projects, documents and groups join here).
        element: <RequireSession />,
        children: [{ path: "settings", element: <SettingsPage /> }],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
