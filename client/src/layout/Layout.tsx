import { lazy, Suspense } from "react";
import { Link, NavLink, Outlet } from "react-router";
import { useAdministersAccess } from "../pages/access/use-administers-access";
import { useSession } from "../session/session-context";
import { LoadingState } from "../ui/states";
import { AccountMenu } from "./AccountMenu";
import { sections } from "./navigation";
import { SessionBanner } from "./SessionBanner";

// Only signed-in people can have an unverified address: the reminder is not in the first
// download, which the sign-in page shares (docs/decisions/0028-bundle-budget.md).
const VerificationBanner = lazy(() =>
  import("./VerificationBanner").then((module) => ({ default: module.VerificationBanner })),
);

/** The frame around every page: skip link, header with navigation and account, main area. */
export function Layout() {
  const { session } = useSession();
  const administers = useAdministersAccess(session.status === "signed-in");
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            Ory GraphQL
          </Link>
          <nav aria-label="Main" className="main-nav">
            <ul>
              {sections
                .filter((section) => !section.signedIn || session.status === "signed-in")
                .filter((section) => !section.administrators || administers)
                .map((section) => (
                  <li key={section.to}>
                    <NavLink to={section.to} end={section.end}>
                      {section.label}
                    </NavLink>
                  </li>
                ))}
            </ul>
          </nav>
          <AccountMenu />
        </div>
      </header>
      {session.status === "unknown" && <SessionBanner message={session.message} />}
      {session.status === "signed-in" && (
        <Suspense fallback={null}>
          <VerificationBanner />
        </Suspense>
      )}
      <main className="main" id="main" tabIndex={-1}>
        {/* A page's code arrives on its first visit (routes.tsx). */}
        <Suspense fallback={<LoadingState label="Loading the page…" delayed />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
