/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment MutationError on Error {\n    message\n    ... on ValidationError {\n      fieldErrors {\n        message\n        path\n      }\n    }\n  }\n": typeof types.MutationErrorFragmentDoc,
    "\n  fragment HomepageContent on Homepage {\n    title\n    hero {\n      heading\n      text\n    }\n    services {\n      name\n      role\n      description\n    }\n    about\n  }\n": typeof types.HomepageContentFragmentDoc,
    "\n  query Homepage {\n    homepage {\n      ...HomepageContent\n    }\n  }\n": typeof types.HomepageDocument,
    "\n  fragment AppAccess on App {\n    name\n    title\n    description\n    permit\n    viewerCan {\n      administer\n    }\n    grants {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n": typeof types.AppAccessFragmentDoc,
    "\n  query Access {\n    apps {\n      name\n      ...AppAccess\n    }\n  }\n": typeof types.AccessDocument,
    "\n  mutation GrantAppAccess($input: GrantAppAccessInput!) {\n    grantAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.GrantAppAccessDocument,
    "\n  mutation RevokeAppAccess($input: RevokeAppAccessInput!) {\n    revokeAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.RevokeAppAccessDocument,
    "\n  query AccessNavigation {\n    apps {\n      name\n      viewerCan {\n        administer\n      }\n    }\n  }\n": typeof types.AccessNavigationDocument,
    "\n  query Document($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Document {\n        id\n        title\n        body\n        updatedAt\n        viewerCan {\n          edit\n          delete\n        }\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.DocumentDocument,
    "\n  mutation UpdateDocument($input: UpdateDocumentInput!) {\n    updateDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n          title\n          body\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.UpdateDocumentDocument,
    "\n  mutation DeleteDocument($input: DeleteDocumentInput!) {\n    deleteDocument(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n": typeof types.DeleteDocumentDocument,
    "\n  query Group($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Group {\n        id\n        name\n        viewerCan {\n          manage\n        }\n        members {\n          role\n          user {\n            id\n            name\n            email\n          }\n          group {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.GroupDocument,
    "\n  mutation AddGroupMember($input: AddGroupMemberInput!) {\n    addGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n              name\n              email\n            }\n            group {\n              id\n              name\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.AddGroupMemberDocument,
    "\n  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {\n    removeGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n            }\n            group {\n              id\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.RemoveGroupMemberDocument,
    "\n  query Groups($first: Int, $after: String, $last: Int, $before: String) {\n    groups(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          members {\n            role\n          }\n          viewerCan {\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n": typeof types.GroupsDocument,
    "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.CreateGroupDocument,
    "\n  fragment ProjectCollaborators on Project {\n    collaborators {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ProjectCollaboratorsFragmentDoc,
    "\n  mutation ShareProject($input: ShareProjectInput!) {\n    shareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.ShareProjectDocument,
    "\n  mutation UnshareProject($input: UnshareProjectInput!) {\n    unshareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.UnshareProjectDocument,
    "\n  query Project($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $id) {\n      id\n      name\n      description\n      updatedAt\n      viewerCan {\n        edit\n        manage\n      }\n      ...ProjectCollaborators\n      documents(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n        pageInfo {\n          ...PagerPageInfo\n        }\n      }\n    }\n  }\n": typeof types.ProjectDocument,
    "\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          name\n          description\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.UpdateProjectDocument,
    "\n  mutation DeleteProject($input: DeleteProjectInput!) {\n    deleteProject(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n": typeof types.DeleteProjectDocument,
    "\n  mutation CreateDocument($input: CreateDocumentInput!) {\n    createDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.CreateDocumentDocument,
    "\n  query Projects($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          description\n          updatedAt\n          viewerCan {\n            edit\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n": typeof types.ProjectsDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n": typeof types.CreateProjectDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query GroupChoices {\n    groups(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.GroupChoicesDocument,
    "\n  fragment PagerPageInfo on PageInfo {\n    hasNextPage\n    hasPreviousPage\n    startCursor\n    endCursor\n  }\n": typeof types.PagerPageInfoFragmentDoc,
};
const documents: Documents = {
    "\n  fragment MutationError on Error {\n    message\n    ... on ValidationError {\n      fieldErrors {\n        message\n        path\n      }\n    }\n  }\n": types.MutationErrorFragmentDoc,
    "\n  fragment HomepageContent on Homepage {\n    title\n    hero {\n      heading\n      text\n    }\n    services {\n      name\n      role\n      description\n    }\n    about\n  }\n": types.HomepageContentFragmentDoc,
    "\n  query Homepage {\n    homepage {\n      ...HomepageContent\n    }\n  }\n": types.HomepageDocument,
    "\n  fragment AppAccess on App {\n    name\n    title\n    description\n    permit\n    viewerCan {\n      administer\n    }\n    grants {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n": types.AppAccessFragmentDoc,
    "\n  query Access {\n    apps {\n      name\n      ...AppAccess\n    }\n  }\n": types.AccessDocument,
    "\n  mutation GrantAppAccess($input: GrantAppAccessInput!) {\n    grantAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.GrantAppAccessDocument,
    "\n  mutation RevokeAppAccess($input: RevokeAppAccessInput!) {\n    revokeAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.RevokeAppAccessDocument,
    "\n  query AccessNavigation {\n    apps {\n      name\n      viewerCan {\n        administer\n      }\n    }\n  }\n": types.AccessNavigationDocument,
    "\n  query Document($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Document {\n        id\n        title\n        body\n        updatedAt\n        viewerCan {\n          edit\n          delete\n        }\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.DocumentDocument,
    "\n  mutation UpdateDocument($input: UpdateDocumentInput!) {\n    updateDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n          title\n          body\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.UpdateDocumentDocument,
    "\n  mutation DeleteDocument($input: DeleteDocumentInput!) {\n    deleteDocument(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n": types.DeleteDocumentDocument,
    "\n  query Group($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Group {\n        id\n        name\n        viewerCan {\n          manage\n        }\n        members {\n          role\n          user {\n            id\n            name\n            email\n          }\n          group {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.GroupDocument,
    "\n  mutation AddGroupMember($input: AddGroupMemberInput!) {\n    addGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n              name\n              email\n            }\n            group {\n              id\n              name\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.AddGroupMemberDocument,
    "\n  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {\n    removeGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n            }\n            group {\n              id\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.RemoveGroupMemberDocument,
    "\n  query Groups($first: Int, $after: String, $last: Int, $before: String) {\n    groups(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          members {\n            role\n          }\n          viewerCan {\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n": types.GroupsDocument,
    "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.CreateGroupDocument,
    "\n  fragment ProjectCollaborators on Project {\n    collaborators {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n": types.ProjectCollaboratorsFragmentDoc,
    "\n  mutation ShareProject($input: ShareProjectInput!) {\n    shareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.ShareProjectDocument,
    "\n  mutation UnshareProject($input: UnshareProjectInput!) {\n    unshareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.UnshareProjectDocument,
    "\n  query Project($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $id) {\n      id\n      name\n      description\n      updatedAt\n      viewerCan {\n        edit\n        manage\n      }\n      ...ProjectCollaborators\n      documents(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n        pageInfo {\n          ...PagerPageInfo\n        }\n      }\n    }\n  }\n": types.ProjectDocument,
    "\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          name\n          description\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.UpdateProjectDocument,
    "\n  mutation DeleteProject($input: DeleteProjectInput!) {\n    deleteProject(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n": types.DeleteProjectDocument,
    "\n  mutation CreateDocument($input: CreateDocumentInput!) {\n    createDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.CreateDocumentDocument,
    "\n  query Projects($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          description\n          updatedAt\n          viewerCan {\n            edit\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n": types.ProjectsDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n": types.CreateProjectDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n": types.ViewerDocument,
    "\n  query GroupChoices {\n    groups(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.GroupChoicesDocument,
    "\n  fragment PagerPageInfo on PageInfo {\n    hasNextPage\n    hasPreviousPage\n    startCursor\n    endCursor\n  }\n": types.PagerPageInfoFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MutationError on Error {\n    message\n    ... on ValidationError {\n      fieldErrors {\n        message\n        path\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment MutationError on Error {\n    message\n    ... on ValidationError {\n      fieldErrors {\n        message\n        path\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HomepageContent on Homepage {\n    title\n    hero {\n      heading\n      text\n    }\n    services {\n      name\n      role\n      description\n    }\n    about\n  }\n"): (typeof documents)["\n  fragment HomepageContent on Homepage {\n    title\n    hero {\n      heading\n      text\n    }\n    services {\n      name\n      role\n      description\n    }\n    about\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Homepage {\n    homepage {\n      ...HomepageContent\n    }\n  }\n"): (typeof documents)["\n  query Homepage {\n    homepage {\n      ...HomepageContent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppAccess on App {\n    name\n    title\n    description\n    permit\n    viewerCan {\n      administer\n    }\n    grants {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment AppAccess on App {\n    name\n    title\n    description\n    permit\n    viewerCan {\n      administer\n    }\n    grants {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Access {\n    apps {\n      name\n      ...AppAccess\n    }\n  }\n"): (typeof documents)["\n  query Access {\n    apps {\n      name\n      ...AppAccess\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GrantAppAccess($input: GrantAppAccessInput!) {\n    grantAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation GrantAppAccess($input: GrantAppAccessInput!) {\n    grantAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAppAccess($input: RevokeAppAccessInput!) {\n    revokeAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeAppAccess($input: RevokeAppAccessInput!) {\n    revokeAppAccess(input: $input) {\n      __typename\n      ... on AppPayload {\n        permissionChanges\n        app {\n          ...AppAccess\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessNavigation {\n    apps {\n      name\n      viewerCan {\n        administer\n      }\n    }\n  }\n"): (typeof documents)["\n  query AccessNavigation {\n    apps {\n      name\n      viewerCan {\n        administer\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Document($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Document {\n        id\n        title\n        body\n        updatedAt\n        viewerCan {\n          edit\n          delete\n        }\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Document($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Document {\n        id\n        title\n        body\n        updatedAt\n        viewerCan {\n          edit\n          delete\n        }\n        project {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDocument($input: UpdateDocumentInput!) {\n    updateDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n          title\n          body\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateDocument($input: UpdateDocumentInput!) {\n    updateDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n          title\n          body\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDocument($input: DeleteDocumentInput!) {\n    deleteDocument(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteDocument($input: DeleteDocumentInput!) {\n    deleteDocument(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Group($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Group {\n        id\n        name\n        viewerCan {\n          manage\n        }\n        members {\n          role\n          user {\n            id\n            name\n            email\n          }\n          group {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Group($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Group {\n        id\n        name\n        viewerCan {\n          manage\n        }\n        members {\n          role\n          user {\n            id\n            name\n            email\n          }\n          group {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddGroupMember($input: AddGroupMemberInput!) {\n    addGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n              name\n              email\n            }\n            group {\n              id\n              name\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation AddGroupMember($input: AddGroupMemberInput!) {\n    addGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n              name\n              email\n            }\n            group {\n              id\n              name\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {\n    removeGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n            }\n            group {\n              id\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {\n    removeGroupMember(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n          members {\n            role\n            user {\n              id\n            }\n            group {\n              id\n            }\n          }\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Groups($first: Int, $after: String, $last: Int, $before: String) {\n    groups(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          members {\n            role\n          }\n          viewerCan {\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n"): (typeof documents)["\n  query Groups($first: Int, $after: String, $last: Int, $before: String) {\n    groups(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          members {\n            role\n          }\n          viewerCan {\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      __typename\n      ... on GroupPayload {\n        group {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProjectCollaborators on Project {\n    collaborators {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ProjectCollaborators on Project {\n    collaborators {\n      role\n      user {\n        id\n        name\n        email\n      }\n      group {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ShareProject($input: ShareProjectInput!) {\n    shareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation ShareProject($input: ShareProjectInput!) {\n    shareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnshareProject($input: UnshareProjectInput!) {\n    unshareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation UnshareProject($input: UnshareProjectInput!) {\n    unshareProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          ...ProjectCollaborators\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Project($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $id) {\n      id\n      name\n      description\n      updatedAt\n      viewerCan {\n        edit\n        manage\n      }\n      ...ProjectCollaborators\n      documents(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n        pageInfo {\n          ...PagerPageInfo\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Project($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n    project(id: $id) {\n      id\n      name\n      description\n      updatedAt\n      viewerCan {\n        edit\n        manage\n      }\n      ...ProjectCollaborators\n      documents(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          node {\n            id\n            title\n            updatedAt\n          }\n        }\n        pageInfo {\n          ...PagerPageInfo\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          name\n          description\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProject($input: UpdateProjectInput!) {\n    updateProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n          name\n          description\n          updatedAt\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteProject($input: DeleteProjectInput!) {\n    deleteProject(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteProject($input: DeleteProjectInput!) {\n    deleteProject(input: $input) {\n      __typename\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDocument($input: CreateDocumentInput!) {\n    createDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDocument($input: CreateDocumentInput!) {\n    createDocument(input: $input) {\n      __typename\n      ... on DocumentPayload {\n        document {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Projects($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          description\n          updatedAt\n          viewerCan {\n            edit\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n"): (typeof documents)["\n  query Projects($first: Int, $after: String, $last: Int, $before: String) {\n    projects(first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          name\n          description\n          updatedAt\n          viewerCan {\n            edit\n            manage\n          }\n        }\n      }\n      pageInfo {\n        ...PagerPageInfo\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      __typename\n      ... on ProjectPayload {\n        project {\n          id\n        }\n      }\n      ...MutationError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupChoices {\n    groups(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query GroupChoices {\n    groups(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PagerPageInfo on PageInfo {\n    hasNextPage\n    hasPreviousPage\n    startCursor\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PagerPageInfo on PageInfo {\n    hasNextPage\n    hasPreviousPage\n    startCursor\n    endCursor\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;