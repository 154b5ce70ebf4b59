import { permission } from "../auth/vocabulary.ts";
import { builder } from "./builder.ts";
import { publicAccess } from "./rules.ts";

interface ServiceCard {
  name: string;
  role: string;
  description: string;
}

interface Homepage {
  title: string;
  hero: { heading: string; text: string };
  services: ServiceCard[];
  about: string;
}

/** The welcome page: the one rule of the original example, `App:homepage#read`. */
const welcome: Homepage = {
  title: "Welcome",
  hero: {
    heading: "You are signed in, and you are allowed in.",
    text: "Kratos knows who you are; Keto says you may read this page. Everything else in this API follows the same two questions.",
  },
  services: [
    {
      name: "Ory Kratos",
      role: "Identity",
      description:
        "Sign-up, sign-in, sessions and account settings. The API asks it who each request is.",
    },
    {
      name: "Ory Keto",
      role: "Permissions",
      description:
        "Relation tuples checked against the Ory Permission Language model, batched per request.",
    },
    {
      name: "GraphQL API",
      role: "This server",
      description: "Every type and field declares its rule; lists hold only what you may see.",
    },
    {
      name: "PostgreSQL",
      role: "Data",
      description:
        "Projects, documents and groups, with a transactional outbox for permission changes.",
    },
  ],
  about:
    "A reference system for authorization-aware GraphQL on Ory. Share a project with a person or a group and watch what they can see change.",
};

const readHomepage = permission("App", "homepage", "read");
const staticContent = publicAccess("static welcome text, reachable only through Homepage");

const HeroRef = builder.objectRef<Homepage["hero"]>("Hero").implement({
  ...staticContent,
  fields: (t) => ({
    heading: t.exposeString("heading"),
    text: t.exposeString("text"),
  }),
});

const ServiceCardRef = builder.objectRef<ServiceCard>("ServiceCard").implement({
  ...staticContent,
  fields: (t) => ({
    name: t.exposeString("name"),
    role: t.exposeString("role"),
    description: t.exposeString("description"),
  }),
});

const HomepageRef = builder.objectRef<Homepage>("Homepage").implement({
  description: "The welcome content, for viewers Keto allows `App:homepage#read`.",
  authScopes: { permission: readHomepage },
  fields: (t) => ({
    title: t.exposeString("title"),
    hero: t.field({ type: HeroRef, resolve: (page) => page.hero }),
    services: t.field({ type: [ServiceCardRef], resolve: (page) => page.services }),
    about: t.exposeString("about"),
  }),
});

builder.queryField("homepage", (t) =>
  t.field({
    type: HomepageRef,
    // Nullable so a denial leaves the rest of the response (e.g. `viewer`) intact.
    nullable: true,
    description:
      "UNAUTHENTICATED without a session, FORBIDDEN unless Keto allows App:homepage#read.",
    authScopes: {
      $all: {
        authenticated: true,
        permission: readHomepage,
      },
    },
    resolve: () => welcome,
  }),
);
