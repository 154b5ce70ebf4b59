import { type Namespace, permission, permitsOf } from "../auth/vocabulary.ts";
import { builder } from "./builder.ts";
import { publicAccess } from "./rules.ts";

/**
 * A `viewerCan` type: one boolean per permit the OPL declares for a Keto namespace (the
 * generated permission model), for an object the viewer can already see; a permit added to
 * the OPL appears here after `npm run codegen`. Every boolean goes through the request's
 * permission loader, so a list's worth of them shares the list's Keto rounds.
 */
export function permitsType(name: string, namespace: Namespace) {
  return builder.objectRef<{ id: string }>(name).implement({
    description: `What the viewer may do with this ${namespace}, as Keto answers now.`,
    ...publicAccess("the viewer's own permits on an object they can see"),
    fields: (t) =>
      Object.fromEntries(
        permitsOf(namespace).map((permit) => [
          permit,
          t.boolean({
            resolve: (object, _args, context) => {
              const asked = permission(namespace, object.id, permit);
              // A list's page has its answers already: a plain value spares a promise per field.
              return context.answered(asked) ?? context.can(asked);
            },
          }),
        ]),
      ),
  });
}
