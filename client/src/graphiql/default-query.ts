/** What a visitor sees first: who they are, the welcome content, and what they may do with their projects. */
export const defaultQuery = `# Queries run as you: the browser sends your session cookie.
# Ctrl-Enter runs the query; the Docs and History buttons are on the left.
query Overview {
  viewer {
    id
    name
    email
    sessionExpiresAt
  }
  homepage {
    title
    hero {
      heading
    }
  }
  projects(first: 5) {
    edges {
      node {
        id
        name
        viewerCan {
          view
          edit
          manage
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;
