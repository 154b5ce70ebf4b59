import { useState } from "react";
import { useMutation } from "urql";
import { type FragmentType, getFragmentData, graphql } from "../../gql";
import type { AppAccessFragment as AppAccessFragmentData, AppRole } from "../../gql/graphql";
import { mutationProblem } from "../../graphql/mutation-problem";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { useRetryableQuery } from "../../graphql/use-retryable-query";
import { useSession } from "../../session/session-context";
import { FormControls } from "../../ui/FormControls";
import {
  chosenGrantee,
  type Grantee,
  GranteeFields,
  useGroupChoices,
} from "../../ui/GranteeFields";
import { ProblemMessage, SuccessMessage } from "../../ui/messages";
import { ObjectState } from "../../ui/ObjectState";
import { NoticeState } from "../../ui/states";
import { useDocumentTitle } from "../../ui/use-document-title";

const AppAccessFragment = graphql(`
  fragment AppAccess on App {
    name
    title
    description
    permit
    viewerCan {
      administer
    }
    grants {
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

const AccessDocument = graphql(`
  query Access {
    apps {
      name
      ...AppAccess
    }
  }
`);

const GrantAppAccessDocument = graphql(`
  mutation GrantAppAccess($input: GrantAppAccessInput!) {
    grantAppAccess(input: $input) {
      __typename
      ... on AppPayload {
        permissionChanges
        app {
          ...AppAccess
        }
      }
      ...MutationError
    }
  }
`);

const RevokeAppAccessDocument = graphql(`
  mutation RevokeAppAccess($input: RevokeAppAccessInput!) {
    revokeAppAccess(input: $input) {
      __typename
      ... on AppPayload {
        permissionChanges
        app {
          ...AppAccess
        }
      }
      ...MutationError
    }
  }
`);

const roleHeadings: Record<AppRole, string> = { ADMIN: "Administrators", ACCESS: "Access" };
const roleOptions: Record<AppRole, string> = { ACCESS: "Access", ADMIN: "Administrator" };

/** Who may read the welcome page, use GraphiQL, and administer either; for their administrators. */
export function AccessPage() {
  useDocumentTitle("Access");
  const [result, retry] = useRetryableQuery({ query: AccessDocument });
  // Groups to pick from: those the administrator may see.
  const groups = useGroupChoices();

  if (!result.data) return <ObjectState result={result} noun="access list" retry={retry} />;
  const administered = result.data.apps.filter(
    (app) => getFragmentData(AppAccessFragment, app).viewerCan.administer,
  );
  const groupOptions = groups?.map(({ id, name }) => ({ value: id, label: name })) ?? [];
  return (
    <article className="stack-large">
      <h1>Access</h1>
      {administered.length === 0 ? (
        <NoticeState title="You do not administer access">
          <p>Administrators grant who may read the welcome page and who may use GraphiQL.</p>
        </NoticeState>
      ) : (
        administered.map((app) => <AppSection key={app.name} app={app} groups={groupOptions} />)
      )}
    </article>
  );
}

function AppSection(props: {
  app: FragmentType<typeof AppAccessFragment>;
  groups: { value: string; label: string }[];
}) {
  const app = getFragmentData(AppAccessFragment, props.app);
  const { session } = useSession();
  const viewerEmail = session.status === "signed-in" ? session.viewer.email : undefined;
  const [grantee, setGrantee] = useState<Grantee>("person");
  const [revoked, revokeAppAccess] = useMutation(RevokeAppAccessDocument);
  const { handleSubmit, fetching, problem, setProblem, succeeded } = useMutationForm(
    GrantAppAccessDocument,
    {
      variables(form) {
        const who = chosenGrantee(form, grantee, "groupId");
        return { input: { app: app.name, role: String(form.get("role")) as AppRole, ...who } };
      },
      result: (data) => data.grantAppAccess,
      onSuccess: (_granted, form) => form.reset(),
    },
  );

  async function revoke(role: AppRole, who: { email: string } | { groupId: string }) {
    const outcome = await revokeAppAccess({ input: { app: app.name, role, ...who } });
    setProblem(mutationProblem(outcome, outcome.data?.revokeAppAccess));
  }

  const titleId = `access-${app.name.toLowerCase()}`;
  const fieldId = (name: string) => `${titleId}-${name}`;
  return (
    <section className="stack" aria-labelledby={titleId}>
      <h2 id={titleId}>{app.title}</h2>
      <p>
        {app.description} <code>{app.permit}</code>
      </p>
      <ProblemMessage problem={problem} />
      {succeeded && !problem && <SuccessMessage>Granted.</SuccessMessage>}
      {(["ADMIN", "ACCESS"] as const).map((role) => (
        <HolderList
          key={role}
          heading={roleHeadings[role]}
          grants={(app.grants ?? []).filter((grant) => grant.role === role)}
          busy={revoked.fetching}
          // Taking your own administration away would lock you out of this page.
          keeps={(email) => role === "ADMIN" && email === viewerEmail}
          onRevoke={(who) => revoke(role, who)}
        />
      ))}
      <form onSubmit={handleSubmit} aria-label={`Grant ${app.title}`} noValidate>
        <FormControls busy={fetching} className="inline-form">
          <GranteeFields
            legend="Grant to"
            grantee={grantee}
            onGranteeChange={setGrantee}
            email={{ label: "E-mail of their account", error: problem?.fields.email }}
            group={{
              label: "Group",
              name: "groupId",
              options: props.groups,
              error: problem?.fields.groupId,
            }}
          />
          <div className="field">
            <label htmlFor={fieldId("role")}>Role</label>
            <select id={fieldId("role")} name="role" defaultValue="ACCESS">
              {(Object.keys(roleOptions) as AppRole[]).map((role) => (
                <option key={role} value={role}>
                  {roleOptions[role]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Grant
          </button>
        </FormControls>
      </form>
    </section>
  );
}

type Grant = NonNullable<AppAccessFragmentData["grants"]>[number];

function HolderList(props: {
  heading: string;
  grants: Grant[];
  busy: boolean;
  keeps(email: string): boolean;
  onRevoke(who: { email: string } | { groupId: string }): void;
}) {
  return (
    <div>
      <h3>{props.heading}</h3>
      {props.grants.length === 0 ? (
        <p className="empty">Nobody.</p>
      ) : (
        <ul className="list">
          {props.grants.map(({ user, group }) => {
            const name = user
              ? `${user.name} (${user.email})`
              : `Members of ${group?.name ?? "a group"}`;
            return (
              <li key={user?.id ?? group?.id} className="list-item list-item-row">
                <span>{name}</span>
                {!(user && props.keeps(user.email)) && (
                  <button
                    type="button"
                    className="button button-quiet"
                    disabled={props.busy}
                    aria-label={`Revoke ${props.heading.toLowerCase()} from ${name}`}
                    onClick={() =>
                      props.onRevoke(user ? { email: user.email } : { groupId: group?.id ?? "" })
                    }
                  >
                    Revoke
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
