import type { Auth, TestApi } from "./api-harness.ts";

/** What a mutation came to, in the words the matrix tests use. */
export type Outcome = "ok" | "forbidden" | "not-found" | "invalid" | string;

export interface MutationResult {
  outcome: Outcome;
  id?: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
}

/** Each mutation's payload, selected down to the id it carries. */
const payloads: Record<string, string> = {
  createProject: "... on ProjectPayload { project { id } }",
  updateProject: "... on ProjectPayload { project { id } }",
  shareProject: "... on ProjectPayload { project { id } }",
  unshareProject: "... on ProjectPayload { project { id } }",
  deleteProject: "... on DeleteProjectPayload { deletedProjectId }",
  createDocument: "... on DocumentPayload { document { id } }",
  updateDocument: "... on DocumentPayload { document { id } }",
  deleteDocument: "... on DeleteDocumentPayload { deletedDocumentId }",
  createGroup: "... on GroupPayload { group { id } }",
  addGroupMember: "... on GroupPayload { group { id } }",
  removeGroupMember: "... on GroupPayload { group { id } }",
  grantAppAccess: "... on AppPayload { permissionChanges }",
  revokeAppAccess: "... on AppPayload { permissionChanges }",
};

const errorSelection = `
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
`;

const outcomes: Record<string, Outcome> = {
  ForbiddenError: "forbidden",
  NotFoundError: "not-found",
  ValidationError: "invalid",
};

/** Runs a Relay-style mutation (`name(input: NameInput!)`) and classifies its answer. */
export async function mutate(
  api: TestApi,
  name: string,
  input: Record<string, unknown>,
  auth: Auth,
): Promise<MutationResult> {
  const inputType = `${name[0].toUpperCase()}${name.slice(1)}Input`;
  const response = await api.graphql<Record<string, Record<string, unknown> | null>>(
    `mutation Run($input: ${inputType}!) {
      ${name}(input: $input) { __typename ${payloads[name]} ${errorSelection} }
    }`,
    { input },
    auth,
  );
  const error = response.errors?.[0];
  if (error) return { outcome: error.extensions?.code ?? "error", message: error.message };
  const result = response.data?.[name] ?? {};
  const typename = String(result.__typename);
  const node = (result.project ?? result.document ?? result.group) as { id: string } | undefined;
  return {
    outcome: outcomes[typename] ?? "ok",
    id: node?.id ?? ((result.deletedProjectId ?? result.deletedDocumentId) as string | undefined),
    message: result.message as string | undefined,
    fieldErrors: result.fieldErrors as MutationResult["fieldErrors"],
  };
}

/** Runs a mutation that must succeed and returns the global id it answered with. */
export async function create(
  api: TestApi,
  name: string,
  input: Record<string, unknown>,
  auth: Auth,
): Promise<string> {
  const result = await mutate(api, name, input, auth);
  if (result.outcome !== "ok" || !result.id) {
    throw new Error(`${name} failed: ${result.outcome} ${result.message ?? ""}`);
  }
  return result.id;
}
