import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import { type MutationProblem, mutationProblem } from "../../graphql/mutation-problem";
import { ApiErrorState } from "../../ui/ApiErrorState";
import { formatDate } from "../../ui/format-date";
import { Pager, usePageWindow } from "../../ui/Pager";
import { LoadingState, NoticeState } from "../../ui/states";
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
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
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

/** An empty list names no Project, so the cache is told which changes concern it. */
const refetchOnProjectChanges = { additionalTypenames: ["Project"] };

/** The projects the viewer may see, a page at a time, and a form to start one. */
export function ProjectsPage() {
  useDocumentTitle("Projects");
  const pageWindow = usePageWindow();
  const [result, reexecute] = useQuery({
    query: ProjectsDocument,
    variables: pageWindow,
    context: refetchOnProjectChanges,
  });
  const retry = () => reexecute({ requestPolicy: "network-only" });

  return (
    <section aria-labelledby="projects-title">
      <div className="page-header">
        <h1 id="projects-title">Projects</h1>
      </div>
      <NewProjectForm />
      {result.fetching ? (
        <LoadingState label="Loading projects…" />
      ) : result.error ? (
        <ApiErrorState error={result.error} subject="your projects" retry={retry} />
      ) : !result.data || result.data.projects.edges.length === 0 ? (
        <NoticeState title="No projects yet">
          <p>Start one above, or ask someone to share theirs with you.</p>
        </NoticeState>
      ) : (
        <>
          <ul className="list">
            {result.data.projects.edges.map(({ node }) => (
              <li key={node.id} className="list-item">
                <Link to={`/projects/${encodeURIComponent(node.id)}`} className="list-title">
                  {node.name}
                </Link>
                {node.description && <p>{node.description}</p>}
                <p className="meta">
                  {node.viewerCan.manage ? "Owner" : node.viewerCan.edit ? "Editor" : "Viewer"} ·
                  updated <time dateTime={node.updatedAt}>{formatDate(node.updatedAt)}</time>
                </p>
              </li>
            ))}
          </ul>
          <Pager pageInfo={result.data.projects.pageInfo} label="Projects pages" />
        </>
      )}
    </section>
  );
}

function NewProjectForm() {
  const navigate = useNavigate();
  const [{ fetching }, createProject] = useMutation(CreateProjectDocument);
  const [problem, setProblem] = useState<MutationProblem>();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const outcome = await createProject(
      {
        input: {
          name: String(form.get("name") ?? ""),
          description: String(form.get("description") ?? ""),
        },
      },
      { additionalTypenames: ["Project"] },
    );
    const created = outcome.data?.createProject;
    const found = mutationProblem(outcome, created);
    setProblem(found);
    if (!found && created?.__typename === "ProjectPayload") {
      navigate(`/projects/${encodeURIComponent(created.project.id)}`);
    }
  }

  return (
    <details className="panel">
      <summary>New project</summary>
      <form className="stack" onSubmit={handleSubmit} aria-label="New project" noValidate>
        {problem && (
          <p className="message message-error" role="alert">
            {problem.message}
          </p>
        )}
        <TextField label="Name" name="name" required error={problem?.fields.name} />
        <TextField label="Description" name="description" error={problem?.fields.description} />
        <button type="submit" className="button button-primary" disabled={fetching}>
          Create project
        </button>
      </form>
    </details>
  );
}
