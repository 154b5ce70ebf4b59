/** A link to another auth page that keeps where the person wanted to end up. */
export function authPageUrl(
  page: "/login" | "/registration" | "/recovery",
  returnPath: string | undefined,
) {
  return returnPath ? `${page}?return_to=${encodeURIComponent(returnPath)}` : page;
}
