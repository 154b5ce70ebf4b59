import { builder } from "./builder.ts";

builder.prismaNode("User", {
  id: { field: "id" },
  description: "A person with a Kratos identity. Visible to anyone signed in.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    name: t.exposeString("name"),
    email: t.exposeString("email"),
  }),
});
