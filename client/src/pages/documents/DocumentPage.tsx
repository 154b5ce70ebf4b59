import { Link, useNavigate, useParams } from "react-router";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import { mutationProblem } from "../../graphql/mutation-problem";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { useRetryableQuery } from "../../graphql/use-retryable-query";
import { FormControls } from "../../ui/FormControls";
import { formatDate } from "../../ui/format-date";
import { ProblemMessage, SuccessMessage } from "../../ui/messages";
import { ObjectState } from "../../ui/ObjectState";
import { TextField } from "../../ui/TextField";
import { useDocumentTitle } from "../../ui/use-document-title";

const DocumentDocument = graphql(`
  query Document($id: ID!) {
    node(id: $id) {
      __typename
      ... on Document {
        id
        title
        body
        updatedAt
        viewerCan {
          edit
          delete
        }
        project {
          id
          name
        }
      }
    }
  }
`);

const UpdateDocumentDocument = graphql(`
  mutation UpdateDocument($input: UpdateDocumentInput!) {
    updateDocument(input: $input) {
      __typename
      ... on DocumentPayload {
        document {
          id
          title
          body
          updatedAt
        }
      }
      ...MutationError
    }
  }
`);

const DeleteDocumentDocument = graphql(`
  mutation DeleteDocument($input: DeleteDocumentInput!) {
    deleteDocument(input: $input) {
      __typename
      ...MutationError
    }
  }
`);

/** One document: an editor for those who may edit it, a reading view for the others. */
export function DocumentPage() {
  const { documentId = "" } = useParams();
  const navigate = useNavigate();
  const [result, retry] = useRetryableQuery({
    query: DocumentDocument,
    variables: { id: documentId },
  });
  const [deleteState, deleteDocument] = useMutation(DeleteDocumentDocument);
  const node = result.data?.node;
  const document = node?.__typename === "Document" ? node : undefined;
  useDocumentTitle(document?.title ?? "Document");
  const {
    handleSubmit: handleSave,
    fetching: saving,
    problem,
    setProblem,
    succeeded: saved,
  } = useMutationForm(UpdateDocumentDocument, {
    variables: (form) => ({
      input: {
        // The editor is only there once the document is.
        id: document?.id ?? "",
        title: String(form.get("title") ?? ""),
        body: String(form.get("body") ?? ""),
      },
    }),
    result: (data) => data.updateDocument,
  });

  if (!document) return <ObjectState result={result} noun="document" retry={retry} />;

  const backTo = document.project
    ? `/projects/${encodeURIComponent(document.project.id)}`
    : "/projects";

  async function handleDelete() {
    if (!document || !window.confirm("Delete this document? This cannot be undone.")) return;
    const outcome = await deleteDocument(
      { input: { id: document.id } },
      // The answer names no Document, so say which cached lists it changes.
      { additionalTypenames: ["Document"] },
    );
    const found = mutationProblem(outcome, outcome.data?.deleteDocument);
    if (found) setProblem(found);
    else navigate(backTo);
  }

  return (
    <article className="stack-large">
      <p className="breadcrumbs">
        <Link to="/projects">Projects</Link>
        {document.project && (
          <>
            {" / "}
            <Link to={backTo}>{document.project.name}</Link>
          </>
        )}
      </p>
      {document.viewerCan.edit ? (
        <form onSubmit={handleSave} aria-label="Edit document" noValidate>
          <FormControls busy={saving} className="stack">
            <div className="page-header">
              <h1>{document.title}</h1>
              <div className="page-actions">
                {document.viewerCan.delete && (
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={handleDelete}
                    disabled={deleteState.fetching}
                  >
                    Delete
                  </button>
                )}
                <button type="submit" className="button button-primary">
                  Save
                </button>
              </div>
            </div>
            <ProblemMessage problem={problem} />
            {saved && <SuccessMessage>Saved at {formatDate(document.updatedAt)}.</SuccessMessage>}
            <TextField
              label="Title"
              name="title"
              defaultValue={document.title}
              error={problem?.fields.title}
            />
            <TextField
              label="Text"
              name="body"
              multiline
              defaultValue={document.body}
              error={problem?.fields.body}
            />
          </FormControls>
        </form>
      ) : (
        <>
          <h1>{document.title}</h1>
          <p className="meta">
            Read only · updated{" "}
            <time dateTime={document.updatedAt}>{formatDate(document.updatedAt)}</time>
          </p>
          {document.body ? (
            <div className="document-body">{document.body}</div>
          ) : (
            <p className="empty">This document is empty.</p>
          )}
        </>
      )}
    </article>
  );
}
