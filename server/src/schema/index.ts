import { lexicographicSortSchema } from "graphql";
import "./app.ts";
import { builder } from "./builder.ts";
import "./document.ts";
import "./errors.ts";
import "./group.ts";
import "./homepage.ts";
import "./project.ts";
import "./user.ts";
import "./viewer.ts";

/** The API's schema: every domain file registers itself on the builder above. */
export const schema = lexicographicSortSchema(builder.toSchema());
