import { Link, useNavigate } from "react-router";
import { graphql } from "../../gql";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { usePagedQuery } from "../../graphql/use-paged-query";
import { FormControls } from "../../ui/FormControls";
import { formatDate } from "../../ui/format-date";
import { ProblemMessage } from "../../ui/messages";
import { PagedList } from "../../ui/PagedList";
import { NoticeState } from "../../ui/states";
import { TextField } from "../../ui/TextField";
import { useDocumentTitle } from "../../ui/use-document-title";

const ProjectsDocument = graphql(`
  query Projects($first: Int, $after: String, $last: Int, $before: String) {
    projects(first: $first, after: $after, last: $last, before: $before) {
      edges {
        node {
          id
          name
          description
          updatedAt
          viewerCan {
            edit
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

const CreateProjectDocument = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      __typename
      ... on ProjectPayload {
        project {
          id
        }
      }
      ...MutationError
    }
  }
`);

/** The projects the viewer may see, a page at a time, and a form to start one. */
export function ProjectsPage() {
  useDocumentTitle("Projects");
  const [result, retry] = usePagedQuery(ProjectsDocument, "Project");

  return (
    <section aria-labelledby="projects-title">
      <div className="page-header">
        <h1 id="projects-title">Projects</h1>
      </div>
      <NewProjectForm />
      <PagedList
        result={result}
        connection={result.data?.projects}
        retry={retry}
        subject="your projects"
        loadingLabel="Loading projects…"
        empty={
          <NoticeState title="No projects yet">
            <p>Start one above, or ask someone to share theirs with you.</p>
          </NoticeState>
        }
        pagerLabel="Projects pages"
      >
        {(node) => (
          <>
            <Link to={`/projects/${encodeURIComponent(node.id)}`} className="list-title">
              {node.name}
            </Link>
            {node.description && <p>{node.description}</p>}
            <p className="meta">
              {node.viewerCan.manage ? "Owner" : node.viewerCan.edit ? "Editor" : "Viewer"} ·
              updated <time dateTime={node.updatedAt}>{formatDate(node.updatedAt)}</time>
            </p>
          </>
        )}
      </PagedList>
    </section>
  );
}

function NewProjectForm() {
  const navigate = useNavigate();
  const { handleSubmit, fetching, problem } = useMutationForm(CreateProjectDocument, {
    variables: (form) => ({
      input: {
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
      },
    }),
    result: (data) => data.createProject,
    context: { additionalTypenames: ["Project"] },
    onSuccess(created) {
      if (created.__typename === "ProjectPayload" && created.project) {
        navigate(`/projects/${encodeURIComponent(created.project.id)}`);
      }
    },
  });

  return (
    <details className="panel">
      <summary>New project</summary>
      <form onSubmit={handleSubmit} aria-label="New project" noValidate>
        <FormControls busy={fetching} className="stack">
          <ProblemMessage problem={problem} />
          <TextField label="Name" name="name" required error={problem?.fields.name} />
          <TextField label="Description" name="description" error={problem?.fields.description} />
          <button type="submit" className="button button-primary">
            Create project
          </button>
        </FormControls>
      </form>
    </details>
  );
}
