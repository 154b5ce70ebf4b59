import { lexicographicSortSchema } from "graphql";
import { builder } from "./builder.ts";
import "./homepage.ts";
import "./viewer.ts";

/** The API's schema: every domain file registers itself on the builder above. */
export const schema = lexicographicSortSchema(builder.toSchema());
