import { useState } from "react";
import { Link, NavLink, useNavigate } from "react-router";
import { useSession } from "../session/session-context";

/** Who is signed in, with links to account settings and sign-out; sign-in links otherwise. */
export function AccountMenu() {
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [failure, setFailure] = useState<string>();

  async function handleSignOut() {
    setSigningOut(true);
    setFailure(undefined);
    const problem = await signOut();
    setSigningOut(false);
    if (problem) setFailure(problem);
    else navigate("/login");
  }

  switch (session.status) {
    case "loading":
    case "unknown":
      return <div className="account" />;
    case "anonymous":
      return (
        <div className="account">
          <Link to="/login" className="button button-quiet">
            Sign in
          </Link>
          <Link to="/registration" className="button button-primary">
            Create account
          </Link>
        </div>
      );
    case "signed-in":
      return (
        <div className="account">
          <NavLink to="/settings" className="account-name" title={session.viewer.email}>
            <span className="visually-hidden">Account settings for </span>
            <span>{session.viewer.name}</span>
          </NavLink>
          <button
            type="button"
            className="button button-quiet"
            onClick={handleSignOut}
            disabled={signingOut}
          >
            {signingOut ? "Signing out…" : "Sign out"}
          </button>
          {failure && (
            <p className="account-error" role="alert">
              {failure}
            </p>
          )}
        </div>
      );
  }
}
