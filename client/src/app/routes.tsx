import { type ComponentType, lazy } from "react";
import type { RouteObject } from "react-router";
import { LoginPage } from "../auth/LoginPage";
import { Layout } from "../layout/Layout";
import { NotFoundPage } from "../pages/NotFoundPage";
import { RouteErrorPage } from "../pages/RouteErrorPage";
import { ServerPage } from "../pages/ServerPage";
import { RequireSession } from "../session/RequireSession";

/**
 * A page whose code is a chunk of its own, loaded the first time someone opens it. The router
 * changes pages inside a transition, so the current page stays until the next one has loaded;
 * only the page a visit starts on can show Layout's fallback
 * (docs/decisions/0028-bundle-budget.md).
 */
function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
) {
  const Page = lazy(
    async (): Promise<{ default: ComponentType }> => ({
      default: (await load())[name],
    }),
  );
  return <Page />;
}

/**
 * Every page has a real URL. /login, /registration, /settings, /recovery, /verification
 * and /error are the `ui_url`s in ory/kratos/kratos.yml, so Kratos can send browsers
 * straight to them. Sign-in is where visitors start, so it is in the first download with
 * the frame and the two tiny pages; every other page is split off.
 */
export const routes: RouteObject[] = [
  // GraphiQL's sign-in link returns here; the API serves the page itself. Outside the
  // layout, so nothing of the app (its session banner asking Kratos) runs while it loads.
  { path: "graphql", element: <ServerPage /> },
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: lazyPage(() => import("../pages/WelcomePage"), "WelcomePage") },
      { path: "login", element: <LoginPage /> },
      {
        path: "registration",
        element: lazyPage(() => import("../auth/RegistrationPage"), "RegistrationPage"),
      },
      { path: "recovery", element: lazyPage(() => import("../auth/RecoveryPage"), "RecoveryPage") },
      {
        path: "verification",
        element: lazyPage(() => import("../auth/VerificationPage"), "VerificationPage"),
      },
      { path: "error", element: lazyPage(() => import("../auth/AuthErrorPage"), "AuthErrorPage") },
      {
        // Pages for signed-in people only.
        element: <RequireSession />,
        children: [
          {
            path: "settings",
            element: lazyPage(() => import("../auth/SettingsPage"), "SettingsPage"),
          },
          {
            path: "projects",
            element: lazyPage(() => import("../pages/projects/ProjectsPage"), "ProjectsPage"),
          },
          {
            path: "projects/:projectId",
            element: lazyPage(() => import("../pages/projects/ProjectPage"), "ProjectPage"),
          },
          {
            path: "documents/:documentId",
            element: lazyPage(() => import("../pages/documents/DocumentPage"), "DocumentPage"),
          },
          {
            path: "groups",
            element: lazyPage(() => import("../pages/groups/GroupsPage"), "GroupsPage"),
          },
          {
            path: "groups/:groupId",
            element: lazyPage(() => import("../pages/groups/GroupPage"), "GroupPage"),
          },
          {
            path: "access",
            element: lazyPage(() => import("../pages/access/AccessPage"), "AccessPage"),
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
