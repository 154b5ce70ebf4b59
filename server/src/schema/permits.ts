import { builder } from "./builder.ts";
import { publicAccess } from "./rules.ts";

const permitsByNamespace = new Map<string, readonly string[]>();

/** The permits a namespace's `viewerCan` type offers (empty for one without it). */
export const permitsOf = (namespace: string): readonly string[] =>
  permitsByNamespace.get(namespace) ?? [];

/**
 * A `viewerCan` type: one boolean per permit of a Keto namespace, for an
 * object the viewer can already see. Every boolean goes through the request's
 * permission loader, so a list's worth of them shares the list's Keto rounds.
 */
export function permitsType<Permit extends string>(
  name: string,
  namespace: string,
  permits: readonly Permit[],
) {
  permitsByNamespace.set(namespace, permits);
  return builder.objectRef<{ id: string }>(name).implement({
    description: `What the viewer may do with this ${namespace}, as Keto answers now.`,
    ...publicAccess("the viewer's own permits on an object they can see"),
    fields: (t) =>
      Object.fromEntries(
        permits.map((permit) => [
          permit,
          t.boolean({
            resolve: (object, _args, context) =>
              context.can({ namespace, object: object.id, relation: permit }),
          }),
        ]),
      ),
  });
}
