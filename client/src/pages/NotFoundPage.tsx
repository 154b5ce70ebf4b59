import { Link } from "react-router";
import { NoticeState } from "../ui/states";
import { useDocumentTitle } from "../ui/use-document-title";

export function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <NoticeState
      title="This page does not exist"
      actions={
        <Link className="button" to="/">
          Go to the welcome page
        </Link>
      }
    >
      <p>The address may be mistyped, or the page may have moved.</p>
    </NoticeState>
  );
}
