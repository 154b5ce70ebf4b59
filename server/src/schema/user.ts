import { builder } from "./builder.ts";

export const UserRef = builder.prismaNode("User", {
  id: { field: "id" },
  // A visible id whose row is gone (deleted meanwhile, or never mirrored) reads as null.
  nullable: true,
  description: "A person with a Kratos identity. Visible to anyone signed in.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    name: t.exposeString("name"),
    email: t.exposeString("email"),
  }),
});
