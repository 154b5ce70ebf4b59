import { useState } from "react";
import { useMutation } from "urql";
import { type FragmentType, getFragmentData, graphql } from "../../gql";
import { mutationProblem } from "../../graphql/mutation-problem";
import { useSession } from "../../session/session-context";
import { ErrorMessage } from "../../ui/messages";

const ProjectCollaboratorsFragment = graphql(`
  fragment ProjectCollaborators on Project {
    collaborators {
      role
      user {
        id
        name
        email
      }
      group {
        id
        name
      }
    }
  }
`);

const UnshareProjectDocument = graphql(`
  mutation UnshareProject($input: UnshareProjectInput!) {
    unshareProject(input: $input) {
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

export const roleNames = { OWNER: "Owner", EDITOR: "Editor", VIEWER: "Viewer" } as const;

interface CollaboratorsProps {
  projectId: string;
  project: FragmentType<typeof ProjectCollaboratorsFragment>;
}

/** Who holds which role on the project (only managers see this), with a way to remove them. */
export function Collaborators({ projectId, project }: CollaboratorsProps) {
  const { collaborators } = getFragmentData(ProjectCollaboratorsFragment, project);
  const [{ fetching }, unshareProject] = useMutation(UnshareProjectDocument);
  const [problem, setProblem] = useState<string>();
  const { session } = useSession();
  // Removing yourself would lock you out of the project you are managing.
  const viewerEmail = session.status === "signed-in" ? session.viewer.email : undefined;

  async function remove(who: { email?: string; groupId?: string }) {
    const outcome = await unshareProject({ input: { projectId, ...who } });
    setProblem(mutationProblem(outcome, outcome.data?.unshareProject)?.message);
  }

  return (
    <section aria-labelledby="collaborators-title">
      <h2 id="collaborators-title">People and groups with access</h2>
      {problem && <ErrorMessage>{problem}</ErrorMessage>}
      {!collaborators || collaborators.length === 0 ? (
        <p className="empty">Nobody else has access yet.</p>
      ) : (
        <ul className="list">
          {collaborators.map(({ role, user, group }) => {
            const name = user
              ? `${user.name} (${user.email})`
              : `${group?.name ?? "A group"} — all members`;
            return (
              <li key={`${user?.id ?? group?.id}-${role}`} className="list-item list-item-row">
                <span>
                  {name} · <strong>{roleNames[role]}</strong>
                </span>
                {user?.email !== viewerEmail && (
                  <button
                    type="button"
                    className="button button-quiet"
                    disabled={fetching}
                    onClick={() => remove(user ? { email: user.email } : { groupId: group?.id })}
                    aria-label={`Remove ${name}`}
                  >
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
