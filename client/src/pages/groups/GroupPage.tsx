import { Link, useParams } from "react-router";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import type { GroupRole } from "../../gql/graphql";
import { mutationProblem } from "../../graphql/mutation-problem";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { useRetryableQuery } from "../../graphql/use-retryable-query";
import { useSession } from "../../session/session-context";
import { ErrorMessage } from "../../ui/messages";
import { ObjectState } from "../../ui/ObjectState";
import { TextField } from "../../ui/TextField";
import { useDocumentTitle } from "../../ui/use-document-title";

const GroupDocument = graphql(`
  query Group($id: ID!) {
    node(id: $id) {
      __typename
      ... on Group {
        id
        name
        viewerCan {
          manage
        }
        members {
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
    }
  }
`);

const AddGroupMemberDocument = graphql(`
  mutation AddGroupMember($input: AddGroupMemberInput!) {
    addGroupMember(input: $input) {
      __typename
      ... on GroupPayload {
        group {
          id
          members {
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
      }
      ...MutationError
    }
  }
`);

const RemoveGroupMemberDocument = graphql(`
  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {
    removeGroupMember(input: $input) {
      __typename
      ... on GroupPayload {
        group {
          id
          members {
            role
            user {
              id
            }
            group {
              id
            }
          }
        }
      }
      ...MutationError
    }
  }
`);

const roleNames: Record<GroupRole, string> = { OWNER: "Owner", MEMBER: "Member" };

/** One group's direct members; its managers can add and remove people. */
export function GroupPage() {
  const { groupId = "" } = useParams();
  const [result, retry] = useRetryableQuery({ query: GroupDocument, variables: { id: groupId } });
  const [removed, removeGroupMember] = useMutation(RemoveGroupMemberDocument);
  const { session } = useSession();
  // Removing yourself would lock you out of the group you are managing.
  const viewerEmail = session.status === "signed-in" ? session.viewer.email : undefined;
  const node = result.data?.node;
  const group = node?.__typename === "Group" ? node : undefined;
  useDocumentTitle(group?.name ?? "Group");
  const {
    handleSubmit: handleAdd,
    fetching: adding,
    problem,
    setProblem,
  } = useMutationForm(AddGroupMemberDocument, {
    variables: (form) => ({
      input: {
        // The form is only there once the group is.
        groupId: group?.id ?? "",
        email: String(form.get("email") ?? ""),
        role: String(form.get("role")) as GroupRole,
      },
    }),
    result: (data) => data.addGroupMember,
    onSuccess: (_added, form) => form.reset(),
  });

  if (!group) return <ObjectState result={result} noun="group" retry={retry} />;

  async function remove(who: { email?: string; memberGroupId?: string }) {
    if (!group) return;
    const outcome = await removeGroupMember({ input: { groupId: group.id, ...who } });
    setProblem(mutationProblem(outcome, outcome.data?.removeGroupMember));
  }

  return (
    <article className="stack-large">
      <p className="breadcrumbs">
        <Link to="/groups">Groups</Link>
      </p>
      <h1>{group.name}</h1>
      {problem && <ErrorMessage>{problem.message}</ErrorMessage>}
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {group.members.length === 0 ? (
          <p className="empty">This group has no members yet.</p>
        ) : (
          <ul className="list">
            {group.members.map(({ role, user, group: nested }) => {
              const name = user
                ? `${user.name} (${user.email})`
                : `Members of ${nested?.name ?? "a group"}`;
              return (
                <li key={user?.id ?? nested?.id} className="list-item list-item-row">
                  <span>
                    {name} · <strong>{roleNames[role]}</strong>
                  </span>
                  {group.viewerCan.manage && user?.email !== viewerEmail && (
                    <button
                      type="button"
                      className="button button-quiet"
                      disabled={removed.fetching}
                      aria-label={`Remove ${name}`}
                      onClick={() =>
                        remove(user ? { email: user.email } : { memberGroupId: nested?.id })
                      }
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
      {group.viewerCan.manage && (
        <form className="inline-form" onSubmit={handleAdd} aria-label="Add a member" noValidate>
          <TextField
            label="E-mail of the person to add"
            name="email"
            type="email"
            error={problem?.fields.email}
          />
          <div className="field">
            <label htmlFor="member-role">Role</label>
            <select id="member-role" name="role" defaultValue="MEMBER">
              <option value="MEMBER">Member</option>
              <option value="OWNER">Owner</option>
            </select>
          </div>
          <button type="submit" className="button" disabled={adding}>
            Add member
          </button>
          <p className="message message-info">
            Someone without an account joins once they sign up with this address.
          </p>
        </form>
      )}
    </article>
  );
}
