import { Link, useNavigate } from "react-router";
import { graphql } from "../../gql";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { usePagedQuery } from "../../graphql/use-paged-query";
import { FormControls } from "../../ui/FormControls";
import { ProblemMessage } from "../../ui/messages";
import { PagedList } from "../../ui/PagedList";
import { NoticeState } from "../../ui/states";
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
        ...PagerPageInfo
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
      ...MutationError
    }
  }
`);

/** The groups the viewer may see, and a form to create one. */
export function GroupsPage() {
  useDocumentTitle("Groups");
  const [result, retry] = usePagedQuery(GroupsDocument, "Group");

  return (
    <section aria-labelledby="groups-title">
      <div className="page-header">
        <h1 id="groups-title">Groups</h1>
      </div>
      <NewGroupForm />
      <PagedList
        result={result}
        connection={result.data?.groups}
        retry={retry}
        subject="your groups"
        loadingLabel="Loading groups…"
        empty={
          <NoticeState title="No groups yet">
            <p>Create one to share projects with several people at once.</p>
          </NoticeState>
        }
        pagerLabel="Group pages"
      >
        {(node) => (
          <>
            <Link to={`/groups/${encodeURIComponent(node.id)}`} className="list-title">
              {node.name}
            </Link>
            <p className="meta">
              {node.members.length} direct {node.members.length === 1 ? "member" : "members"}
              {node.viewerCan.manage ? " · you manage it" : ""}
            </p>
          </>
        )}
      </PagedList>
    </section>
  );
}

function NewGroupForm() {
  const navigate = useNavigate();
  const { handleSubmit, fetching, problem } = useMutationForm(CreateGroupDocument, {
    variables: (form) => ({ input: { name: String(form.get("name") ?? "") } }),
    result: (data) => data.createGroup,
    context: { additionalTypenames: ["Group"] },
    onSuccess(created) {
      if (created.__typename === "GroupPayload" && created.group) {
        navigate(`/groups/${encodeURIComponent(created.group.id)}`);
      }
    },
  });

  return (
    <form onSubmit={handleSubmit} aria-label="New group" noValidate>
      <FormControls busy={fetching} className="inline-form">
        <TextField label="New group name" name="name" error={problem?.fields.name} />
        <button type="submit" className="button">
          Create group
        </button>
        <ProblemMessage problem={problem} />
      </FormControls>
    </form>
  );
}
