import { useState } from "react";
import { useMutation } from "urql";
import { type FragmentType, getFragmentData, graphql } from "../../gql";
import type {
  ProjectCollaboratorsFragment as CollaboratorsData,
  ProjectRole,
} from "../../gql/graphql";
import { mutationProblem } from "../../graphql/mutation-problem";
import { useSession } from "../../session/session-context";
import { ErrorMessage } from "../../ui/messages";
import { RoleSelect } from "../../ui/RoleSelect";

export const ProjectCollaboratorsFragment = graphql(`
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

export const ShareProjectDocument = graphql(`
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

export const roleNames: Record<ProjectRole, string> = {
  OWNER: "Owner",
  EDITOR: "Editor",
  VIEWER: "Viewer",
};

export type Collaborator = NonNullable<CollaboratorsData["collaborators"]>[number];

/** A collaborator as people read it in a list or a question. */
export function collaboratorName({ user, group }: Collaborator): string {
  return user ? user.name : `the members of ${group?.name ?? "a group"}`;
}

interface CollaboratorsProps {
  projectId: string;
  project: FragmentType<typeof ProjectCollaboratorsFragment>;
}

/**
 * Who holds which role on the project (only managers see this): roles change in place,
 * and people and groups can be removed.
 */
export function Collaborators({ projectId, project }: CollaboratorsProps) {
  const { collaborators } = getFragmentData(ProjectCollaboratorsFragment, project);
  const [, shareProject] = useMutation(ShareProjectDocument);
  const [unshared, unshareProject] = useMutation(UnshareProjectDocument);
  const [problem, setProblem] = useState<string>();
  const { session } = useSession();
  // Changing or removing your own role could lock you out of the project you are managing.
  const viewerEmail = session.status === "signed-in" ? session.viewer.email : undefined;

  const whoIs = ({ user, group }: Collaborator) =>
    user ? { email: user.email } : { groupId: group?.id };

  async function changeRole(collaborator: Collaborator, role: ProjectRole) {
    const outcome = await shareProject({ input: { projectId, role, ...whoIs(collaborator) } });
    const found = mutationProblem(outcome, outcome.data?.shareProject);
    setProblem(found?.message);
    return !found;
  }

  async function remove(collaborator: Collaborator) {
    const outcome = await unshareProject({ input: { projectId, ...whoIs(collaborator) } });
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
          {collaborators.map((collaborator) => {
            const { role, user, group } = collaborator;
            const name = user
              ? `${user.name} (${user.email})`
              : `${group?.name ?? "A group"} — all members`;
            const isViewer = user !== null && user !== undefined && user.email === viewerEmail;
            return (
              <li key={user?.id ?? group?.id} className="list-item list-item-row">
                <span>{name}</span>
                {isViewer ? (
                  <strong>{roleNames[role]}</strong>
                ) : (
                  <span className="list-item-actions">
                    <RoleSelect
                      holder={name}
                      role={role}
                      roleNames={roleNames}
                      onChange={(next) => changeRole(collaborator, next)}
                    />
                    <button
                      type="button"
                      className="button button-quiet"
                      disabled={unshared.fetching}
                      onClick={() => remove(collaborator)}
                      aria-label={`Remove ${name}`}
                    >
                      Remove
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
