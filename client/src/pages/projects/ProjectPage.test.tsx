// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ApiAnswer,
  deferred,
  fakeApi,
  isDisabled,
  payload,
  renderWithApi,
  validationError,
} from "../../testing/fake-api";
import { ProjectPage } from "./ProjectPage";
import { ProjectsPage } from "./ProjectsPage";

const pageInfo = {
  __typename: "PageInfo",
  hasNextPage: false,
  hasPreviousPage: false,
  startCursor: null,
  endCursor: null,
};
const person = (name: string, email: string) => ({
  __typename: "User",
  id: `id-${email}`,
  name,
  email,
});
const alice = person("Alice Example", "alice@example.com");
const bob = person("Bob Example", "bob@example.com");
const grant = (role: string, user: unknown) => ({
  __typename: "Collaborator",
  role,
  user,
  group: null,
});

function project(collaborators = [grant("OWNER", alice), grant("EDITOR", bob)]) {
  return {
    __typename: "Project",
    id: "p1",
    name: "Tea party plans",
    description: "",
    updatedAt: "2026-12-01T10:00:00Z",
    viewerCan: { __typename: "ProjectPermissions", edit: true, manage: true },
    collaborators,
    documents: { __typename: "ProjectDocumentsConnection", edges: [], pageInfo },
  };
}

const shared = () => payload("shareProject", { __typename: "ProjectPayload", project: project() });

/** The API as the project page sees it; `more` adds or replaces answers. */
function answering(more: [string, ApiAnswer][] = []) {
  return new Map<string, ApiAnswer>([
    ["Project", () => ({ data: { project: project() } })],
    ["GroupChoices", () => ({ data: { groups: { edges: [] } } })],
    ...more,
  ]);
}

function renderProject() {
  return renderWithApi(
    [
      { path: "/projects", element: <ProjectsPage /> },
      { path: "/projects/:projectId", element: <ProjectPage /> },
    ],
    "/projects/p1",
  );
}

async function openShareDialog() {
  fireEvent.click(await screen.findByRole("button", { name: "Share" }));
  // happy-dom leaves the dialog's role out of the accessibility tree; its form is there.
  const title = screen.getByRole("heading", { name: "Share “Tea party plans”" });
  return title.closest("form") as HTMLFormElement;
}

function share(form: HTMLFormElement, email: string, role: string) {
  fireEvent.change(within(form).getByLabelText("E-mail"), { target: { value: email } });
  fireEvent.change(within(form).getByLabelText("Role"), { target: { value: role } });
  fireEvent.submit(form);
}

const sharesSent = (calls: { operation: string; variables: unknown }[]) =>
  calls.filter((call) => call.operation === "ShareProject").map((call) => call.variables);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the project page's forms", () => {
  it("says a field's complaint once, under the field, in words without input paths", async () => {
    fakeApi(
      answering([
        [
          "ShareProject",
          () =>
            payload(
              "shareProject",
              validationError({ path: ["input", "email"], message: "not an email address" }),
            ),
        ],
      ]),
    );
    renderProject();
    const form = await openShareDialog();
    share(form, "bob-at-example", "VIEWER");

    const complaint = await within(form).findByText("Not an email address.");
    const field = within(form).getByLabelText("E-mail");
    expect(field.getAttribute("aria-describedby")).toBe(complaint.id);
    expect(document.activeElement).toBe(field);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(document.body.textContent).not.toContain("input.");
    // What was typed stays for the correction.
    expect(field).toHaveProperty("value", "bob-at-example");
  });

  it("says a complaint about the whole input once, above the form, without its path", async () => {
    fakeApi(
      answering([
        [
          "ShareProject",
          () =>
            payload(
              "shareProject",
              validationError({
                path: ["input"],
                message: "a project needs at least one owner; add another owner first",
              }),
            ),
        ],
      ]),
    );
    renderProject();
    const role = await screen.findByRole("combobox", {
      name: "Role of Bob Example (bob@example.com)",
    });
    fireEvent.change(role, { target: { value: "OWNER" } });

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("A project needs at least one owner; add another owner first.");
    expect(screen.getAllByText(/at least one owner/)).toHaveLength(1);
    // The refused choice is undone.
    await vi.waitFor(() => expect(role).toHaveProperty("value", "EDITOR"));
  });

  it("changes a collaborator's role in place from the list", async () => {
    const calls = fakeApi(answering([["ShareProject", shared]]));
    renderProject();
    fireEvent.change(
      await screen.findByRole("combobox", { name: "Role of Bob Example (bob@example.com)" }),
      { target: { value: "VIEWER" } },
    );
    await vi.waitFor(() => expect(sharesSent(calls)).toHaveLength(1));
    expect(sharesSent(calls)[0]).toEqual({
      input: { projectId: "p1", role: "VIEWER", email: "bob@example.com" },
    });
    // Nobody changes their own role from here: it could lock them out.
    expect(screen.queryByRole("combobox", { name: /Role of Alice/ })).toBeNull();
  });

  it("asks before sharing changes the role of someone who has one", async () => {
    const calls = fakeApi(answering([["ShareProject", shared]]));
    renderProject();
    const form = await openShareDialog();
    share(form, "Bob@Example.com", "VIEWER");

    const question = await within(form).findByRole("group", {
      name: "Change Bob Example from Editor to Viewer?",
    });
    expect(sharesSent(calls)).toEqual([]);
    expect(isDisabled(within(form).getByLabelText("E-mail"))).toBe(true);
    fireEvent.click(within(question).getByRole("button", { name: "Cancel" }));
    expect(within(form).queryByRole("group", { name: /Change Bob/ })).toBeNull();
    expect(sharesSent(calls)).toEqual([]);

    fireEvent.submit(form);
    const again = await within(form).findByRole("group", { name: /Change Bob Example/ });
    fireEvent.click(within(again).getByRole("button", { name: "Change role" }));
    await vi.waitFor(() => expect(sharesSent(calls)).toHaveLength(1));
    expect(sharesSent(calls)[0]).toEqual({
      input: { projectId: "p1", role: "VIEWER", email: "Bob@Example.com" },
    });
  });

  it("refuses a share with yourself under the e-mail, without asking or sending", async () => {
    const calls = fakeApi(answering([["ShareProject", shared]]));
    renderProject();
    const form = await openShareDialog();
    share(form, " Alice@Example.com", "VIEWER");

    const complaint = await within(form).findByText(
      "That is you: another owner can change your role.",
    );
    const field = within(form).getByLabelText("E-mail");
    expect(field.getAttribute("aria-describedby")).toBe(complaint.id);
    expect(document.activeElement).toBe(field);
    expect(within(form).queryByRole("group", { name: /Change Alice/ })).toBeNull();
    expect(sharesSent(calls)).toEqual([]);
  });

  it("drops an earlier complaint when the next submission asks its question", async () => {
    let answers = 0;
    fakeApi(
      answering([
        [
          "ShareProject",
          () =>
            answers++ === 0
              ? payload(
                  "shareProject",
                  validationError({
                    path: ["input", "email"],
                    message: "must be an email address",
                  }),
                )
              : shared(),
        ],
      ]),
    );
    renderProject();
    const form = await openShareDialog();
    share(form, "bob-at-example", "VIEWER");
    await within(form).findByText("Must be an email address.");

    share(form, "bob@example.com", "VIEWER");
    await within(form).findByRole("group", { name: "Change Bob Example from Editor to Viewer?" });
    expect(within(form).queryByText("Must be an email address.")).toBeNull();
    expect(within(form).getByLabelText("E-mail").getAttribute("aria-invalid")).not.toBe("true");
  });

  it("gives focus back to the field it came from when the question is cancelled", async () => {
    fakeApi(answering([["ShareProject", shared]]));
    renderProject();
    const form = await openShareDialog();
    const field = within(form).getByLabelText("E-mail");
    field.focus();
    share(form, "bob@example.com", "VIEWER");
    const question = await within(form).findByRole("group", { name: /Change Bob Example/ });
    expect(document.activeElement).toBe(
      within(question).getByRole("button", { name: "Change role" }),
    );

    fireEvent.click(within(question).getByRole("button", { name: "Cancel" }));
    await vi.waitFor(() => expect(document.activeElement).toBe(field));
  });

  it("gives focus to the share button when the question it asked is cancelled", async () => {
    fakeApi(answering([["ShareProject", shared]]));
    renderProject();
    const form = await openShareDialog();
    fireEvent.change(within(form).getByLabelText("E-mail"), {
      target: { value: "bob@example.com" },
    });
    within(form).getByRole("button", { name: "Share" }).focus();
    fireEvent.submit(form);
    const question = await within(form).findByRole("group", { name: /Change Bob Example/ });

    fireEvent.click(within(question).getByRole("button", { name: "Cancel" }));
    await vi.waitFor(() =>
      expect(document.activeElement).toBe(within(form).getByRole("button", { name: "Share" })),
    );
  });

  it("shares with someone new without asking, then starts the next share from an empty form", async () => {
    const calls = fakeApi(answering([["ShareProject", shared]]));
    renderProject();
    const form = await openShareDialog();
    share(form, "carol@example.com", "EDITOR");
    await vi.waitFor(() => expect(sharesSent(calls)).toHaveLength(1));

    await vi.waitFor(() =>
      expect(within(form).getByLabelText("E-mail")).toHaveProperty("value", ""),
    );
  });

  it("keeps the controls out of reach while a document is being created, and the title after a complaint", async () => {
    const answer = deferred<unknown>();
    fakeApi(answering([["CreateDocument", () => answer.promise]]));
    renderProject();
    const form = await screen.findByRole("form", { name: "New document" });
    const title = within(form).getByLabelText("New document title");
    fireEvent.change(title, { target: { value: "   " } });
    fireEvent.submit(form);

    await vi.waitFor(() => expect(isDisabled(title)).toBe(true));
    expect(isDisabled(within(form).getByRole("button", { name: "Create document" }))).toBe(true);
    answer.resolve(
      payload(
        "createDocument",
        validationError({ path: ["input", "title"], message: "must not be empty" }),
      ),
    );
    await within(form).findByText("Must not be empty.");
    expect(isDisabled(title)).toBe(false);
    expect(title).toHaveProperty("value", "   ");
    expect(document.activeElement).toBe(title);
  });
});

describe("permissions shown are fresh", () => {
  it("asks the API again on navigation, so a project shared no longer disappears", async () => {
    let access = true;
    fakeApi(
      answering([
        ["Project", () => ({ data: { project: access ? project() : null } })],
        [
          "Projects",
          () => ({
            data: {
              projects: {
                __typename: "QueryProjectsConnection",
                edges: access
                  ? [{ __typename: "QueryProjectsConnectionEdge", node: project() }]
                  : [],
                pageInfo,
              },
            },
          }),
        ],
      ]),
    );
    const router = renderProject();
    await screen.findByRole("heading", { name: "Tea party plans" });
    fireEvent.click(screen.getByRole("link", { name: "Projects" }));
    await screen.findByRole("link", { name: "Tea party plans" });

    access = false; // removed from the project meanwhile
    await router.navigate("/projects/p1");
    await screen.findByRole("heading", { name: "Cannot find this project" });
    await router.navigate("/projects");
    await screen.findByRole("heading", { name: "No projects yet" });
  });

  it("reloads the page when a change is refused as forbidden", async () => {
    let access = true;
    fakeApi(
      answering([
        ["Project", () => ({ data: { project: access ? project() : null } })],
        [
          "ShareProject",
          () =>
            payload("shareProject", {
              __typename: "ForbiddenError",
              message: "You may not manage this project.",
            }),
        ],
      ]),
    );
    renderProject();
    const role = await screen.findByRole("combobox", {
      name: "Role of Bob Example (bob@example.com)",
    });
    access = false; // no longer a manager, nor anything else
    fireEvent.change(role, { target: { value: "VIEWER" } });
    await screen.findByRole("heading", { name: "Cannot find this project" });
  });
});
