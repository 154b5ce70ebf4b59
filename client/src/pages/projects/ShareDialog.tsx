import { useRef, useState } from "react";
import { useQuery } from "urql";
import { graphql } from "../../gql";
import type { ProjectRole } from "../../gql/graphql";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { ErrorMessage } from "../../ui/messages";
import { TextField } from "../../ui/TextField";
import { roleNames } from "./Collaborators";

const ShareableGroupsDocument = graphql(`
  query ShareableGroups {
    groups(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const ShareProjectDocument = graphql(`
  mutation ShareProject($input: ShareProjectInput!) {
    shareProject(input: $input) {
      __typename
      ... on ProjectPayload {
        project {
          id
          ...ProjectCollaborators
        }
      }
      ...MutationError
    }
  }
`);

/** A modal form to give a person (by e-mail) or a group's members a role on the project. */
export function ShareDialog({
  projectId,
  projectName,
}: {
  projectId: string;
  projectName: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<"person" | "group">("person");
  const { handleSubmit, fetching, problem, setProblem } = useMutationForm(ShareProjectDocument, {
    variables(form) {
      const role = String(form.get("role")) as ProjectRole;
      const who =
        target === "person"
          ? { email: String(form.get("email") ?? "") }
          : { groupId: String(form.get("groupId") ?? "") };
      return { input: { projectId, role, ...who } };
    },
    result: (data) => data.shareProject,
    onSuccess: () => dialog.current?.close(),
  });
  // Groups are only needed once the dialog is open.
  const [groups] = useQuery({ query: ShareableGroupsDocument, pause: !open });

  function show() {
    setProblem(undefined);
    setOpen(true);
    dialog.current?.showModal();
  }

  const groupOptions = groups.data?.groups.edges ?? [];
  return (
    <>
      <button type="button" className="button button-primary" onClick={show}>
        Share
      </button>
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby="share-title"
        onClose={() => setOpen(false)}
      >
        <form className="stack" onSubmit={handleSubmit} noValidate>
          <h2 id="share-title">Share “{projectName}”</h2>
          {problem && <ErrorMessage>{problem.message}</ErrorMessage>}
          <fieldset className="choice">
            <legend>Share with</legend>
            <label>
              <input
                type="radio"
                name="target"
                checked={target === "person"}
                onChange={() => setTarget("person")}
              />{" "}
              A person
            </label>
            <label>
              <input
                type="radio"
                name="target"
                checked={target === "group"}
                onChange={() => setTarget("group")}
              />{" "}
              A group's members
            </label>
          </fieldset>
          {target === "person" ? (
            <>
              <TextField
                label="E-mail"
                name="email"
                type="email"
                required
                error={problem?.fields.email}
              />
              <p className="message message-info">
                Someone without an account gets access once they sign up with this address.
              </p>
            </>
          ) : (
            <div className="field">
              <label htmlFor="share-group">Group</label>
              <select id="share-group" name="groupId" required>
                {groupOptions.map(({ node }) => (
                  <option key={node.id} value={node.id}>
                    {node.name}
                  </option>
                ))}
              </select>
              {groups.data && groupOptions.length === 0 && (
                <p className="message message-info">You cannot see any groups yet.</p>
              )}
            </div>
          )}
          <div className="field">
            <label htmlFor="share-role">Role</label>
            <select id="share-role" name="role" defaultValue="VIEWER">
              {(Object.keys(roleNames) as ProjectRole[]).map((role) => (
                <option key={role} value={role}>
                  {roleNames[role]}
                </option>
              ))}
            </select>
          </div>
          <div className="dialog-actions">
            <button
              type="button"
              className="button button-quiet"
              onClick={() => dialog.current?.close()}
            >
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={fetching}>
              Share
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
