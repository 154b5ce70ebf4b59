import { useSession } from "../session/session-context";

/** Says so when the API could not tell who is signed in, instead of pretending nobody is. */
export function SessionBanner({ message }: { message: string }) {
  const { renew } = useSession();
  return (
    <div className="banner" role="alert">
      <p>{message} Some pages may not work until it is back.</p>
      <button type="button" className="button" onClick={renew}>
        Try again
      </button>
    </div>
  );
}
