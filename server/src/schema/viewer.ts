import type { Viewer } from "../auth/viewer.ts";
import { builder } from "./builder.ts";
import { publicAccess } from "./rules.ts";

const ViewerRef = builder.objectRef<Viewer>("Viewer").implement({
  description: "The person making the request, as their Kratos session says.",
  ...publicAccess("the requester's own identity, from their own session"),
  fields: (t) => ({
    id: t.exposeID("id", { description: "The Kratos identity id." }),
    email: t.exposeString("email"),
    name: t.exposeString("name"),
    sessionExpiresAt: t.string({
      nullable: true,
      resolve: (viewer) => viewer.session.expires_at ?? null,
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: "The signed-in person, or null when the request carries no valid session.",
    ...publicAccess("anonymous is an answer here (null), not an error"),
    resolve: (_root, _args, context) => context.viewer(),
  }),
);
