/**
 * Where to go after a flow succeeds. Only places inside this app are accepted, so a
 * crafted `?return_to=` link cannot send a freshly signed-in user to another site.
 * Returns a path (with query and hash) for the router, or undefined.
 */
export function safeReturnPath(returnTo: string | null | undefined): string | undefined {
  if (!returnTo) return undefined;
  try {
    const url = new URL(returnTo, window.location.origin);
    if (url.origin !== window.location.origin) return undefined;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return undefined;
  }
}

/**
 * Kratos resolves a relative `return_to` against its default return URL, which may be
 * another origin than this app's (the dev server), so paths are sent absolute.
 */
export function absoluteAppUrl(path: string): string {
  return new URL(path, window.location.origin).toString();
}
