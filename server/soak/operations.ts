/** The GraphQL the soak's clients send: the public contract only. */

const projectPermits = "viewerCan { view edit manage }";
const documentPermits = "viewerCan { view edit delete }";

export const LIST_PROJECTS = `query ListProjects($after: String) {
  projects(first: 20, after: $after) {
    edges { node { id name ${projectPermits} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const LOOKUP_PROJECT = `query LookupProject($id: ID!) {
  project(id: $id) {
    id name ${projectPermits}
    documents(first: 5) { edges { node { id title ${documentPermits} } } }
  }
}`;

export const LIST_GROUPS = `query ListGroups {
  groups(first: 20) { edges { node { id name viewerCan { view manage } } } }
}`;

const result = (payload: string) =>
  `__typename ... on Error { message } ${payload}`.replace(/\s+/g, " ");

export const CREATE_PROJECT = `mutation CreateProject($name: String!) {
  createProject(input: { name: $name }) { ${result("... on ProjectPayload { project { id } }")} }
}`;

export const UPDATE_PROJECT = `mutation UpdateProject($id: ID!, $description: String!) {
  updateProject(input: { id: $id, description: $description }) { ${result("")} }
}`;

export const DELETE_PROJECT = `mutation DeleteProject($id: ID!) {
  deleteProject(input: { id: $id }) { ${result("")} }
}`;

export const SHARE_PROJECT = `mutation ShareProject($projectId: ID!, $email: String, $groupId: ID, $role: ProjectRole!) {
  shareProject(input: { projectId: $projectId, email: $email, groupId: $groupId, role: $role }) { ${result("")} }
}`;

export const UNSHARE_PROJECT = `mutation UnshareProject($projectId: ID!, $email: String, $groupId: ID) {
  unshareProject(input: { projectId: $projectId, email: $email, groupId: $groupId }) { ${result("")} }
}`;

export const CREATE_DOCUMENT = `mutation CreateDocument($projectId: ID!, $title: String!) {
  createDocument(input: { projectId: $projectId, title: $title }) { ${result("... on DocumentPayload { document { id } }")} }
}`;

export const UPDATE_DOCUMENT = `mutation UpdateDocument($id: ID!, $body: String!) {
  updateDocument(input: { id: $id, body: $body }) { ${result("")} }
}`;

export const DELETE_DOCUMENT = `mutation DeleteDocument($id: ID!) {
  deleteDocument(input: { id: $id }) { ${result("")} }
}`;

export const CREATE_GROUP = `mutation CreateGroup($name: String!) {
  createGroup(input: { name: $name }) { ${result("... on GroupPayload { group { id } }")} }
}`;

export const ADD_GROUP_MEMBER = `mutation AddGroupMember($groupId: ID!, $email: String!) {
  addGroupMember(input: { groupId: $groupId, email: $email }) { ${result("")} }
}`;

export const REMOVE_GROUP_MEMBER = `mutation RemoveGroupMember($groupId: ID!, $email: String!) {
  removeGroupMember(input: { groupId: $groupId, email: $email }) { ${result("")} }
}`;
