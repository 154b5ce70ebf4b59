import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation } from "urql";
import { getFragmentData, graphql } from "../../gql";
import { mutationProblem } from "../../graphql/mutation-problem";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { usePagedQuery } from "../../graphql/use-paged-query";
import { FormControls } from "../../ui/FormControls";
import { formatDate } from "../../ui/format-date";
import { ErrorMessage, ProblemMessage, SuccessMessage } from "../../ui/messages";
import { ObjectState } from "../../ui/ObjectState";
import { Pager } from "../../ui/Pager";
import { TextField } from "../../ui/TextField";
import { useDocumentTitle } from "../../ui/use-document-title";
import { Collaborators, ProjectCollaboratorsFragment } from "./Collaborators";
import { ShareDialog } from "./ShareDialog";

const ProjectDocument = graphql(`
  query Project($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    project(id: $id) {
      id
      name
      description
      updatedAt
      viewerCan {
        edit
        manage
      }
      ...ProjectCollaborators
      documents(first: $first, after: $after, last: $last, before: $before) {
        edges {
          node {
            id
            title
            updatedAt
          }
        }
        pageInfo {
          ...PagerPageInfo
        }
      }
    }
  }
`);

const UpdateProjectDocument = graphql(`
  mutation UpdateProject($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      __typename
      ... on ProjectPayload {
        project {
          id
          name
          description
          updatedAt
        }
      }
      ...MutationError
    }
  }
`);

const DeleteProjectDocument = graphql(`
  mutation DeleteProject($input: DeleteProjectInput!) {
    deleteProject(input: $input) {
      __typename
      ...MutationError
    }
  }
`);

const CreateDocumentDocument = graphql(`
  mutation CreateDocument($input: CreateDocumentInput!) {
    createDocument(input: $input) {
      __typename
      ... on DocumentPayload {
        document {
          id
        }
      }
      ...MutationError
    }
  }
`);

/** One project: its documents, and for those allowed, editing, sharing and deleting. */
export function ProjectPage() {
  const { projectId = "" } = useParams();
  const [result, retry] = usePagedQuery(ProjectDocument, "Document", { id: projectId });
  const project = result.data?.project;
  useDocumentTitle(project?.name ?? "Project");

  if (!project) return <ObjectState result={result} noun="project" retry={retry} />;

  const documents = project.documents.edges;
  return (
    <article className="stack-large">
      <p className="breadcrumbs">
        <Link to="/projects">Projects</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>{project.name}</h1>
          {project.description && <p className="lead">{project.description}</p>}
          <p className="meta">
            Updated <time dateTime={project.updatedAt}>{formatDate(project.updatedAt)}</time>
          </p>
        </div>
        {project.viewerCan.manage && (
          <div className="page-actions">
            <ShareDialog
              projectId={project.id}
              projectName={project.name}
              collaborators={
                getFragmentData(ProjectCollaboratorsFragment, project).collaborators ?? []
              }
            />
            <DeleteProjectButton projectId={project.id} />
          </div>
        )}
      </header>

      {project.viewerCan.edit && (
        <EditProjectForm id={project.id} name={project.name} description={project.description} />
      )}

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">Documents</h2>
        {project.viewerCan.edit && <NewDocumentForm projectId={project.id} />}
        {documents.length === 0 ? (
          <p className="empty">No documents yet.</p>
        ) : (
          <ul className="list">
            {documents.map(({ node }) => (
              <li key={node.id} className="list-item">
                <Link to={`/documents/${encodeURIComponent(node.id)}`} className="list-title">
                  {node.title}
                </Link>
                <p className="meta">
                  Updated <time dateTime={node.updatedAt}>{formatDate(node.updatedAt)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
        <Pager pageInfo={project.documents.pageInfo} label="Document pages" />
      </section>

      {project.viewerCan.manage && <Collaborators projectId={project.id} project={project} />}
    </article>
  );
}

function EditProjectForm(props: { id: string; name: string; description: string }) {
  const {
    handleSubmit,
    fetching,
    problem,
    succeeded: saved,
  } = useMutationForm(UpdateProjectDocument, {
    variables: (form) => ({
      input: {
        id: props.id,
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
      },
    }),
    result: (data) => data.updateProject,
  });

  return (
    <details className="panel">
      <summary>Edit details</summary>
      <form onSubmit={handleSubmit} aria-label="Project details" noValidate>
        <FormControls busy={fetching} className="stack">
          <ProblemMessage problem={problem} />
          {saved && <SuccessMessage>Saved.</SuccessMessage>}
          <TextField
            label="Name"
            name="name"
            defaultValue={props.name}
            error={problem?.fields.name}
          />
          <TextField
            label="Description"
            name="description"
            defaultValue={props.description}
            error={problem?.fields.description}
          />
          <button type="submit" className="button button-primary">
            Save details
          </button>
        </FormControls>
      </form>
    </details>
  );
}

function NewDocumentForm({ projectId }: { projectId: string }) {
  const navigate = useNavigate();
  const { handleSubmit, fetching, problem } = useMutationForm(CreateDocumentDocument, {
    variables: (form) => ({
      input: { projectId, title: String(form.get("title") ?? ""), body: "" },
    }),
    result: (data) => data.createDocument,
    context: { additionalTypenames: ["Document"] },
    onSuccess(created) {
      if (created.__typename === "DocumentPayload" && created.document) {
        navigate(`/documents/${encodeURIComponent(created.document.id)}`);
      }
    },
  });

  return (
    <form onSubmit={handleSubmit} aria-label="New document" noValidate>
      <FormControls busy={fetching} className="inline-form">
        <TextField label="New document title" name="title" error={problem?.fields.title} />
        <button type="submit" className="button">
          Create document
        </button>
        <ProblemMessage problem={problem} />
      </FormControls>
    </form>
  );
}

function DeleteProjectButton({ projectId }: { projectId: string }) {
  const navigate = useNavigate();
  const [{ fetching }, deleteProject] = useMutation(DeleteProjectDocument);
  const [problem, setProblem] = useState<string>();

  async function handleClick() {
    if (!window.confirm("Delete this project and all its documents? This cannot be undone.")) {
      return;
    }
    const outcome = await deleteProject(
      { input: { id: projectId } },
      // The answer names no Project, so say which cached lists it changes.
      { additionalTypenames: ["Project", "Document"] },
    );
    const found = mutationProblem(outcome, outcome.data?.deleteProject);
    if (found) setProblem(found.message);
    else navigate("/projects");
  }

  return (
    <>
      <button
        type="button"
        className="button button-danger"
        onClick={handleClick}
        disabled={fetching}
      >
        Delete project
      </button>
      {problem && <ErrorMessage>{problem}</ErrorMessage>}
    </>
  );
}
