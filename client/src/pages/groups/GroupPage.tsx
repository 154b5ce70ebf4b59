import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import type { AddGroupMemberMutationVariables, GroupRole } from "../../gql/graphql";
import { mutationProblem } from "../../graphql/mutation-problem";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { useRetryableQuery } from "../../graphql/use-retryable-query";
import { useSession } from "../../session/session-context";
import { ConfirmChange, usePendingChange } from "../../ui/ConfirmChange";
import { FormControls } from "../../ui/FormControls";
import {
  chosenGrantee,
  type Grantee,
  GranteeFields,
  isOwnAddress,
  ownRoleComplaint,
  useGroupChoices,
} from "../../ui/GranteeFields";
import { ProblemMessage } from "../../ui/messages";
import { ObjectState } from "../../ui/ObjectState";
import { RoleSelect } from "../../ui/RoleSelect";
import { SelectField } from "../../ui/SelectField";
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
const roleOptions = [
  { value: "MEMBER", label: "Member" },
  { value: "OWNER", label: "Owner" },
];

/**
 * One group's direct members, people and nested groups; its managers can add and remove
 * them and change people's roles in place.
 */
export function GroupPage() {
  const { groupId = "" } = useParams();
  const [result, retry] = useRetryableQuery({ query: GroupDocument, variables: { id: groupId } });
  const [removed, removeGroupMember] = useMutation(RemoveGroupMemberDocument);
  const [, setMemberRole] = useMutation(AddGroupMemberDocument);
  const { session } = useSession();
  // Changing or removing your own place would lock you out of the group you are managing.
  const viewerEmail = session.status === "signed-in" ? session.viewer.email : undefined;
  const node = result.data?.node;
  const group = node?.__typename === "Group" ? node : undefined;
  useDocumentTitle(group?.name ?? "Group");
  const [grantee, setGrantee] = useState<Grantee>("person");
  const memberVariables = (form: FormData): AddGroupMemberMutationVariables => {
    const who = chosenGrantee(form, grantee, "memberGroupId");
    // The form is only there once the group is.
    const role = String(form.get("role") ?? "MEMBER") as GroupRole;
    return { input: { groupId: group?.id ?? "", role, ...who } };
  };
  const {
    submit,
    refuse,
    fetching: adding,
    problem,
    setProblem,
  } = useMutationForm(AddGroupMemberDocument, {
    variables: memberVariables,
    result: (data) => data.addGroupMember,
    onSuccess: (_added, form) => form.reset(),
  });
  const { pending, ask, confirm, cancel } = usePendingChange(submit);
  // Groups to nest: only wanted once someone picks "a group".
  const groups = useGroupChoices(!group?.viewerCan.manage || grantee !== "group");

  if (!group) return <ObjectState result={result} noun="group" retry={retry} />;

  const members = group.members;
  async function remove(who: { email?: string; memberGroupId?: string }) {
    if (!group) return;
    const outcome = await removeGroupMember({ input: { groupId: group.id, ...who } });
    setProblem(mutationProblem(outcome, outcome.data?.removeGroupMember));
  }

  async function changeRole(email: string, role: GroupRole) {
    if (!group) return false;
    const outcome = await setMemberRole({ input: { groupId: group.id, email, role } });
    const found = mutationProblem(outcome, outcome.data?.addGroupMember);
    setProblem(found);
    return !found;
  }

  function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const { input } = memberVariables(new FormData(form));
    const email = input.email?.trim().toLowerCase();
    const held = members.find(({ user, group: nested }) =>
      email ? user?.email.toLowerCase() === email : nested?.id === input.memberGroupId,
    );
    const role = input.role ?? "MEMBER";
    if (held && isOwnAddress(held.user?.email, viewerEmail)) {
      refuse(form, { email: ownRoleComplaint });
    } else if (held && held.role !== role) {
      setProblem(undefined);
      const who = held.user?.name ?? `the members of ${held.group?.name ?? "a group"}`;
      const question = `Change ${who} from ${roleNames[held.role]} to ${roleNames[role]}?`;
      ask(form, { input }, question);
    } else {
      void submit(form, { input });
    }
  }

  // A group cannot contain itself; groups already in it are listed above.
  const nestable = (groups ?? [])
    .filter(
      (candidate) =>
        candidate.id !== group.id && !members.some((member) => member.group?.id === candidate.id),
    )
    .map((candidate) => ({ value: candidate.id, label: candidate.name }));

  return (
    <article className="stack-large">
      <p className="breadcrumbs">
        <Link to="/groups">Groups</Link>
      </p>
      <h1>{group.name}</h1>
      <ProblemMessage problem={problem} />
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {members.length === 0 ? (
          <p className="empty">This group has no members yet.</p>
        ) : (
          <ul className="list">
            {members.map(({ role, user, group: nested }) => {
              const name = user
                ? `${user.name} (${user.email})`
                : `Members of ${nested?.name ?? "a group"}`;
              const manages = group.viewerCan.manage && user?.email !== viewerEmail;
              return (
                <li key={user?.id ?? nested?.id} className="list-item list-item-row">
                  <span>{name}</span>
                  {manages && user ? (
                    <span className="list-item-actions">
                      <RoleSelect
                        holder={name}
                        role={role}
                        roleNames={roleNames}
                        onChange={(next) => changeRole(user.email, next)}
                      />
                      <RemoveButton
                        name={name}
                        busy={removed.fetching}
                        onClick={() => remove({ email: user.email })}
                      />
                    </span>
                  ) : manages ? (
                    // Nested groups are members only: owners are people.
                    <span className="list-item-actions">
                      <strong>{roleNames[role]}</strong>
                      <RemoveButton
                        name={name}
                        busy={removed.fetching}
                        onClick={() => remove({ memberGroupId: nested?.id })}
                      />
                    </span>
                  ) : (
                    <strong>{roleNames[role]}</strong>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {group.viewerCan.manage && (
        <form onSubmit={handleAdd} aria-label="Add a member" noValidate>
          <FormControls busy={adding || pending !== undefined} className="inline-form">
            <GranteeFields
              legend="Add"
              grantee={grantee}
              onGranteeChange={setGrantee}
              email={{ label: "E-mail of the person to add", error: problem?.fields.email }}
              group={{
                label: "Group to add",
                name: "memberGroupId",
                options: nestable,
                error: problem?.fields.memberGroupId,
              }}
            />
            {/* Nested groups are members only: owners are people. */}
            {grantee === "person" && (
              <SelectField
                label="Role"
                name="role"
                options={roleOptions}
                defaultValue="MEMBER"
                error={problem?.fields.role}
              />
            )}
            {!pending && (
              <button type="submit" className="button">
                Add member
              </button>
            )}
            <p className="message message-info">
              {grantee === "person"
                ? "Someone without an account joins once they sign up with this address."
                : groups && nestable.length === 0
                  ? "There is no other group you can see to add."
                  : "Its members, and the members of groups in it, belong to this group too."}
            </p>
          </FormControls>
          {pending && (
            <ConfirmChange
              question={pending.question}
              confirmLabel="Change role"
              onConfirm={confirm}
              onCancel={cancel}
            />
          )}
        </form>
      )}
    </article>
  );
}

function RemoveButton(props: { name: string; busy: boolean; onClick(): void }) {
  return (
    <button
      type="button"
      className="button button-quiet"
      disabled={props.busy}
      aria-label={`Remove ${props.name}`}
      onClick={props.onClick}
    >
      Remove
    </button>
  );
}
