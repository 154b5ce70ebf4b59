import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import { type MutationProblem, mutationProblem } from "../../graphql/mutation-problem";
import { ApiErrorState } from "../../ui/ApiErrorState";
import { Pager, usePageWindow } from "../../ui/Pager";
import { LoadingState, NoticeState } from "../../ui/states";
import { TextField } from "../../ui/TextField";
import { useDocumentTitle } from "../../ui/use-document-title";

const GroupsDocument = graphql(`
  query Groups($first: Int, $after: String, $last: Int, $before: String) {
    groups(first: $first, after: $after, last: $last, before: $before) {
      edges {
        node {
          id
          name
          members {
            role
          }
          viewerCan {
            manage
          }
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

const CreateGroupDocument = graphql(`
  mutation CreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      __typename
      ... on GroupPayload {
        group {
          id
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        fieldErrors {
          message
          path
        }
      }
    }
  }
`);

/** An empty list names no Group, so the cache is told which changes concern it. */
const refetchOnGroupChanges = { additionalTypenames: ["Group"] };

/** The groups the viewer may see, and a form to create one. */
export function GroupsPage() {
  useDocumentTitle("Groups");
  const pageWindow = usePageWindow();
  const [result, reexecute] = useQuery({
    query: GroupsDocument,
    variables: pageWindow,
    context: refetchOnGroupChanges,
  });

  return (
    <section aria-labelledby="groups-title">
      <div className="page-header">
        <h1 id="groups-title">Groups</h1>
      </div>
      <NewGroupForm />
      {result.fetching ? (
        <LoadingState label="Loading groups…" />
      ) : result.error ? (
        <ApiErrorState
          error={result.error}
          subject="your groups"
          retry={() => reexecute({ requestPolicy: "network-only" })}
        />
      ) : !result.data || result.data.groups.edges.length === 0 ? (
        <NoticeState title="No groups yet">
          <p>Create one to share projects with several people at once.</p>
        </NoticeState>
      ) : (
        <>
          <ul className="list">
            {result.data.groups.edges.map(({ node }) => (
              <li key={node.id} className="list-item">
                <Link to={`/groups/${encodeURIComponent(node.id)}`} className="list-title">
                  {node.name}
                </Link>
                <p className="meta">
                  {node.members.length} direct {node.members.length === 1 ? "member" : "members"}
                  {node.viewerCan.manage ? " · you manage it" : ""}
                </p>
              </li>
            ))}
          </ul>
          <Pager pageInfo={result.data.groups.pageInfo} label="Group pages" />
        </>
      )}
    </section>
  );
}

function NewGroupForm() {
  const navigate = useNavigate();
  const [{ fetching }, createGroup] = useMutation(CreateGroupDocument);
  const [problem, setProblem] = useState<MutationProblem>();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const outcome = await createGroup(
      { input: { name: String(form.get("name") ?? "") } },
      { additionalTypenames: ["Group"] },
    );
    const created = outcome.data?.createGroup;
    const found = mutationProblem(outcome, created);
    setProblem(found);
    if (!found && created?.__typename === "GroupPayload") {
      navigate(`/groups/${encodeURIComponent(created.group.id)}`);
    }
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit} aria-label="New group" noValidate>
      <TextField label="New group name" name="name" error={problem?.fields.name} />
      <button type="submit" className="button" disabled={fetching}>
        Create group
      </button>
      {problem && !problem.fields.name && (
        <p className="message message-error" role="alert">
          {problem.message}
        </p>
      )}
    </form>
  );
}
