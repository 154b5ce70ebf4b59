import type { RouteObject } from "react-router";
import { AuthErrorPage } from "../auth/AuthErrorPage";
import { LoginPage } from "../auth/LoginPage";
import { RecoveryPage } from "../auth/RecoveryPage";
import { RegistrationPage } from "../auth/RegistrationPage";
import { SettingsPage } from "../auth/SettingsPage";
import { VerificationPage } from "../auth/VerificationPage";
import { Layout } from "../layout/Layout";
import { AccessPage } from "../pages/access/AccessPage";
import { DocumentPage } from "../pages/documents/DocumentPage";
import { GroupPage } from "../pages/groups/GroupPage";
import { GroupsPage } from "../pages/groups/GroupsPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { ProjectPage } from "../pages/projects/ProjectPage";
import { ProjectsPage } from "../pages/projects/ProjectsPage";
import { RouteErrorPage } from "../pages/RouteErrorPage";
import { ServerPage } from "../pages/ServerPage";
import { WelcomePage } from "../pages/WelcomePage";
import { RequireSession } from "../session/RequireSession";

/**
 * Every page has a real URL. /login, /registration, /settings, /recovery, /verification
 * and /error are the `ui_url`s in ory/kratos/kratos.yml, so Kratos can send browsers
 * straight to them.
 */
export const routes: RouteObject[] = [
  // GraphiQL's sign-in link returns here; the API serves the page itself. Outside the
  // layout, so nothing of the app (its session banner asking Kratos) runs while it loads.
  { path: "graphql", element: <ServerPage /> },
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <WelcomePage /> },
      { path: "login", element: <LoginPage /> },
      { path: "registration", element: <RegistrationPage /> },
      { path: "recovery", element: <RecoveryPage /> },
      { path: "verification", element: <VerificationPage /> },
      { path: "error", element: <AuthErrorPage /> },
      {
        // Pages for signed-in people only.
        element: <RequireSession />,
        children: [
          { path: "settings", element: <SettingsPage /> },
          { path: "projects", element: <ProjectsPage /> },
          { path: "projects/:projectId", element: <ProjectPage /> },
          { path: "documents/:documentId", element: <DocumentPage /> },
          { path: "groups", element: <GroupsPage /> },
          { path: "groups/:groupId", element: <GroupPage /> },
          { path: "access", element: <AccessPage /> },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
