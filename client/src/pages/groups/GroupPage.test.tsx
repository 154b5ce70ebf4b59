// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ApiAnswer,
  fakeApi,
  payload,
  renderWithApi,
  validationError,
} from "../../testing/fake-api";
import { GroupPage } from "./GroupPage";

const person = (name: string, email: string) => ({
  __typename: "User",
  id: `id-${email}`,
  name,
  email,
});
const alice = person("Alice Example", "alice@example.com");
const bob = person("Bob Example", "bob@example.com");
const member = (role: string, user: unknown, group: unknown = null) => ({
  __typename: "GroupMember",
  role,
  user,
  group,
});
const groupNode = (id: string, name: string) => ({ __typename: "Group", id, name });

const hatters = {
  ...groupNode("g1", "Hatters"),
  viewerCan: { __typename: "GroupPermissions", manage: true },
  members: [
    member("OWNER", alice),
    member("MEMBER", bob),
    member("MEMBER", null, groupNode("g2", "March hares")),
  ],
};
const added = () => payload("addGroupMember", { __typename: "GroupPayload", group: hatters });

function answering(more: [string, ApiAnswer][] = []) {
  return new Map<string, ApiAnswer>([
    ["Group", () => ({ data: { node: hatters } })],
    [
      "GroupChoices",
      () => ({
        data: {
          groups: {
            __typename: "QueryGroupsConnection",
            edges: ["Hatters", "March hares", "Dormice"].map((name, index) => ({
              __typename: "QueryGroupsConnectionEdge",
              node: groupNode(`g${index + 1}`, name),
            })),
          },
        },
      }),
    ],
    ...more,
  ]);
}

const additions = (calls: { operation: string; variables: unknown }[]) =>
  calls.filter((call) => call.operation === "AddGroupMember").map((call) => call.variables);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the group page", () => {
  it("adds a group as a member, offering only groups not in it already and not itself", async () => {
    const calls = fakeApi(answering([["AddGroupMember", added]]));
    renderWithApi([{ path: "/groups/:groupId", element: <GroupPage /> }], "/groups/g1");
    const form = await screen.findByRole("form", { name: "Add a member" });
    fireEvent.click(within(form).getByLabelText("A group's members"));
    const choice = within(form).getByLabelText("Group to add");
    await within(form).findByRole("option", { name: "Dormice" });
    expect(
      within(choice)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["Dormice"]);
    fireEvent.submit(form);
    await vi.waitFor(() => expect(additions(calls)).toHaveLength(1));
    expect(additions(calls)[0]).toEqual({
      input: { groupId: "g1", role: "MEMBER", memberGroupId: "g3" },
    });
  });

  it("changes a person's role in place; nested groups stay members", async () => {
    const calls = fakeApi(answering([["AddGroupMember", added]]));
    renderWithApi([{ path: "/groups/:groupId", element: <GroupPage /> }], "/groups/g1");
    const role = await screen.findByRole("combobox", {
      name: "Role of Bob Example (bob@example.com)",
    });
    expect(screen.queryByRole("combobox", { name: /March hares/ })).toBeNull();
    fireEvent.change(role, { target: { value: "OWNER" } });
    await vi.waitFor(() => expect(additions(calls)).toHaveLength(1));
    expect(additions(calls)[0]).toEqual({
      input: { groupId: "g1", email: "bob@example.com", role: "OWNER" },
    });
  });

  it("asks before adding someone again changes their role", async () => {
    const calls = fakeApi(answering([["AddGroupMember", added]]));
    renderWithApi([{ path: "/groups/:groupId", element: <GroupPage /> }], "/groups/g1");
    const form = await screen.findByRole("form", { name: "Add a member" });
    fireEvent.change(within(form).getByLabelText("E-mail of the person to add"), {
      target: { value: "bob@example.com" },
    });
    fireEvent.change(within(form).getByLabelText("Role"), { target: { value: "OWNER" } });
    fireEvent.submit(form);
    const question = await within(form).findByRole("group", {
      name: "Change Bob Example from Member to Owner?",
    });
    expect(additions(calls)).toEqual([]);
    fireEvent.click(within(question).getByRole("button", { name: "Change role" }));
    await vi.waitFor(() => expect(additions(calls)).toHaveLength(1));
    expect(additions(calls)[0]).toEqual({
      input: { groupId: "g1", email: "bob@example.com", role: "OWNER" },
    });
  });

  it("refuses adding yourself under the e-mail, without asking or sending", async () => {
    const calls = fakeApi(answering([["AddGroupMember", added]]));
    renderWithApi([{ path: "/groups/:groupId", element: <GroupPage /> }], "/groups/g1");
    const form = await screen.findByRole("form", { name: "Add a member" });
    const field = within(form).getByLabelText("E-mail of the person to add");
    fireEvent.change(field, { target: { value: "alice@example.com" } });
    fireEvent.submit(form);

    const complaint = await within(form).findByText(
      "That is you: another owner can change your role.",
    );
    expect(field.getAttribute("aria-describedby")).toBe(complaint.id);
    expect(document.activeElement).toBe(field);
    expect(within(form).queryByRole("group", { name: /Change Alice/ })).toBeNull();
    expect(additions(calls)).toEqual([]);
  });

  it("says under the group field when that group contains this one already", async () => {
    fakeApi(
      answering([
        [
          "AddGroupMember",
          () =>
            payload(
              "addGroupMember",
              validationError({
                path: ["input", "memberGroupId"],
                message: "that group already contains this one",
              }),
            ),
        ],
      ]),
    );
    renderWithApi([{ path: "/groups/:groupId", element: <GroupPage /> }], "/groups/g1");
    const form = await screen.findByRole("form", { name: "Add a member" });
    fireEvent.click(within(form).getByLabelText("A group's members"));
    await within(form).findByRole("option", { name: "Dormice" });
    fireEvent.submit(form);

    const complaint = await within(form).findByText("That group already contains this one.");
    const field = within(form).getByLabelText("Group to add");
    expect(field.getAttribute("aria-describedby")).toBe(complaint.id);
    expect(document.activeElement).toBe(field);
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
