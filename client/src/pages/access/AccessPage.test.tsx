// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KratosContext } from "../../auth/kratos-context";
import { createApiClient } from "../../graphql/api-client";
import { Layout } from "../../layout/Layout";
import { KratosBrowserApi } from "../../ory/kratos-api";
import { SessionContext, type SessionControls } from "../../session/session-context";
import { fakeApi, payload, validationError } from "../../testing/fake-api";
import { kratosUrl } from "../../testing/fake-kratos";
import { AccessPage } from "./AccessPage";

const alice = {
  __typename: "Viewer" as const,
  id: "u1",
  email: "alice@example.com",
  name: "Alice",
};

const person = (email: string, name: string) => ({
  __typename: "User",
  id: `id-${email}`,
  email,
  name,
});

function app(name: "HOMEPAGE" | "GRAPHIQL", administer: boolean, grants: unknown[] | null) {
  return {
    __typename: "App",
    name,
    title: name === "HOMEPAGE" ? "Welcome page" : "GraphiQL",
    description: "Who may use it.",
    permit: name === "HOMEPAGE" ? "App:homepage#read" : "App:graphiql#use",
    viewerCan: { __typename: "AppPermissions", administer },
    grants,
  };
}

const homepage = app("HOMEPAGE", true, [
  {
    __typename: "AppGrant",
    role: "ADMIN",
    user: person("alice@example.com", "Alice"),
    group: null,
  },
  { __typename: "AppGrant", role: "ADMIN", user: person("dora@example.com", "Dora"), group: null },
  {
    __typename: "AppGrant",
    role: "ACCESS",
    user: null,
    group: { __typename: "AppGrantGroup", id: "g-everyone", name: "everyone" },
  },
]);
const graphiql = app("GRAPHIQL", false, null);
const groups = {
  __typename: "QueryGroupsConnection",
  edges: [
    {
      __typename: "QueryGroupsConnectionEdge",
      node: { __typename: "Group", id: "g1", name: "Design team" },
    },
  ],
};
function renderAt(
  path: string,
  session: SessionControls["session"] = { status: "signed-in", viewer: alice },
) {
  const controls: SessionControls = {
    session,
    renew: vi.fn(),
    refreshViewer: vi.fn(),
    signOut: async () => undefined,
  };
  const router = createMemoryRouter(
    [
      {
        element: <Layout />,
        children: [
          { path: "/", element: <p>Home</p> },
          { path: "/access", element: <AccessPage /> },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  render(
    <KratosContext.Provider value={new KratosBrowserApi(kratosUrl)}>
      <UrqlProvider value={createApiClient()}>
        <SessionContext.Provider value={controls}>
          <RouterProvider router={router} />
        </SessionContext.Provider>
      </UrqlProvider>
    </KratosContext.Provider>,
  );
}

/** The page's queries answering with these apps (as they stand when asked), plus `more`. */
const answering = (apps: () => unknown[], more: [string, () => unknown][] = []) =>
  new Map<string, () => unknown>([
    ["AccessNavigation", () => ({ data: { apps: apps() } })],
    ["Access", () => ({ data: { apps: apps() } })],
    ["GroupChoices", () => ({ data: { groups } })],
    ...more,
  ]);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the Access page", () => {
  it("lists who holds each role on the apps the viewer administers, and only those", async () => {
    fakeApi(answering(() => [homepage, graphiql]));
    renderAt("/access");
    const section = await screen.findByRole("region", { name: "Welcome page" });
    expect(screen.queryByRole("region", { name: "GraphiQL" })).toBeNull();
    const [admins, access] = within(section).getAllByRole("list");
    expect(
      within(admins)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["Alice (alice@example.com)", "Dora (dora@example.com)Revoke"]);
    expect(within(access).getByRole("listitem").textContent).toBe("Members of everyoneRevoke");
  });

  it("grants by e-mail and shows the API's message once, on the field", async () => {
    const calls = fakeApi(
      answering(
        () => [homepage, graphiql],
        [
          [
            "GrantAppAccess",
            () =>
              payload(
                "grantAppAccess",
                validationError({
                  path: ["input", "email"],
                  message: "no account uses this email; they sign up first",
                }),
              ),
          ],
        ],
      ),
    );
    renderAt("/access");
    const form = await screen.findByRole("form", { name: "Grant Welcome page" });
    fireEvent.change(within(form).getByLabelText("E-mail of their account"), {
      target: { value: "newcomer@example.com" },
    });
    fireEvent.change(within(form).getByLabelText("Role"), { target: { value: "ADMIN" } });
    fireEvent.submit(form);
    const complaint = await within(form).findByText(
      "No account uses this email; they sign up first.",
    );
    // Under its field, described by it, and nowhere else: no banner repeats it.
    const field = within(form).getByLabelText("E-mail of their account");
    expect(field.getAttribute("aria-describedby")).toBe(complaint.id);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls.find((call) => call.operation === "GrantAppAccess")?.variables).toEqual({
      input: { app: "HOMEPAGE", role: "ADMIN", email: "newcomer@example.com" },
    });
  });

  it("grants to a group picked from the viewer's groups", async () => {
    const calls = fakeApi(
      answering(
        () => [homepage, graphiql],
        [
          [
            "GrantAppAccess",
            () =>
              payload("grantAppAccess", {
                __typename: "AppPayload",
                permissionChanges: "APPLIED",
                app: homepage,
              }),
          ],
        ],
      ),
    );
    renderAt("/access");
    const form = await screen.findByRole("form", { name: "Grant Welcome page" });
    fireEvent.click(within(form).getByLabelText("A group's members"));
    await within(form).findByRole("option", { name: "Design team" });
    fireEvent.submit(form);
    await screen.findByText("Granted.");
    expect(calls.find((call) => call.operation === "GrantAppAccess")?.variables).toEqual({
      input: { app: "HOMEPAGE", role: "ACCESS", groupId: "g1" },
    });
  });

  it("says a group the API cannot grant to under the group field", async () => {
    fakeApi(
      answering(
        () => [homepage, graphiql],
        [
          [
            "GrantAppAccess",
            () =>
              payload(
                "grantAppAccess",
                validationError({ path: ["input", "groupId"], message: "no such group" }),
              ),
          ],
        ],
      ),
    );
    renderAt("/access");
    const form = await screen.findByRole("form", { name: "Grant Welcome page" });
    fireEvent.click(within(form).getByLabelText("A group's members"));
    await within(form).findByRole("option", { name: "Design team" });
    fireEvent.submit(form);
    const complaint = await within(form).findByText("No such group.");
    expect(within(form).getByLabelText("Group").getAttribute("aria-describedby")).toBe(
      complaint.id,
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("revokes a group's access by the id the list gave", async () => {
    let current = homepage;
    const calls = fakeApi(
      answering(
        () => [current, graphiql],
        [
          [
            "RevokeAppAccess",
            () => {
              current = { ...homepage, grants: homepage.grants?.slice(0, 2) ?? null };
              return payload("revokeAppAccess", {
                __typename: "AppPayload",
                permissionChanges: "APPLIED",
                app: current,
              });
            },
          ],
        ],
      ),
    );
    renderAt("/access");
    fireEvent.click(
      await screen.findByRole("button", { name: "Revoke access from Members of everyone" }),
    );
    await screen.findByText("Nobody.");
    expect(calls.find((call) => call.operation === "RevokeAppAccess")?.variables).toEqual({
      input: { app: "HOMEPAGE", role: "ACCESS", groupId: "g-everyone" },
    });
  });

  it("tells someone who administers nothing so", async () => {
    fakeApi(answering(() => [app("HOMEPAGE", false, null), graphiql]));
    renderAt("/access");
    await screen.findByRole("heading", { name: "You do not administer access" });
  });
});

describe("the Access entry in the navigation", () => {
  const navigationLinks = async () => {
    const nav = screen.getByRole("navigation", { name: "Main" });
    await within(nav).findByRole("link", { name: "Groups" });
    return within(nav)
      .getAllByRole("link")
      .map((link) => link.textContent);
  };

  it("is there for an administrator", async () => {
    fakeApi(answering(() => [homepage, graphiql]));
    renderAt("/");
    await within(screen.getByRole("navigation", { name: "Main" })).findByRole("link", {
      name: "Access",
    });
  });

  it("is not there for anyone else", async () => {
    const calls = fakeApi(answering(() => [app("HOMEPAGE", false, null), graphiql]));
    renderAt("/");
    await vi.waitFor(() =>
      expect(calls.map((call) => call.operation)).toContain("AccessNavigation"),
    );
    expect(await navigationLinks()).toEqual(["Welcome", "Projects", "Groups"]);
  });
});
