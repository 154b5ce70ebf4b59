import type { ContinueWith } from "@ory/client";

/**
 * Where Kratos asks a UI to go after a flow (`continue_with`). Flows it hands over
 * (verification after registration, settings after recovery) open on this app's own
 * page by their id, which also works when Kratos' `ui_url`s name another origin (the
 * development server); `redirect_browser_to` is a URL as Kratos gave it.
 */
export function continueWithDestination(
  items: ContinueWith[] | null | undefined,
): string | undefined {
  const find = <A extends ContinueWith["action"]>(action: A) =>
    items?.find((item): item is Extract<ContinueWith, { action: A }> => item.action === action);

  const verification = find("show_verification_ui");
  if (verification) return `/verification?flow=${encodeURIComponent(verification.flow.id)}`;
  const settings = find("show_settings_ui");
  if (settings) return `/settings?flow=${encodeURIComponent(settings.flow.id)}`;
  const recovery = find("show_recovery_ui");
  if (recovery) return `/recovery?flow=${encodeURIComponent(recovery.flow.id)}`;
  return find("redirect_browser_to")?.redirect_browser_to;
}
