import { useQuery } from "urql";
import { graphql } from "../../gql";

const AccessNavigationDocument = graphql(`
  query AccessNavigation {
    apps {
      name
      viewerCan {
        administer
      }
    }
  }
`);

/** Whether the signed-in viewer administers any App object: the Access page is theirs. */
export function useAdministersAccess(signedIn: boolean): boolean {
  const [result] = useQuery({ query: AccessNavigationDocument, pause: !signedIn });
  return signedIn && Boolean(result.data?.apps.some((app) => app.viewerCan.administer));
}
