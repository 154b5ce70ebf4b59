import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";
import { mutationProblem } from "./mutation-problem";

const validationError = (...fieldErrors: { message: string; path: string[] }[]) =>
  ({
    __typename: "ValidationError",
    // The API's own summary names input paths; people never see it.
    message: fieldErrors.map((error) => `${error.path.join(".")}: ${error.message}`).join("; "),
    fieldErrors,
  }) as { __typename: string };

describe("mutationProblem", () => {
  it("is undefined when the result is the success member", () => {
    expect(mutationProblem({}, { __typename: "ProjectPayload" })).toBeUndefined();
  });

  it("puts a complaint under the field that shows it, and nowhere else", () => {
    const fieldErrors = [{ message: "no account uses this email", path: ["input", "email"] }];
    const problem = mutationProblem(
      {},
      validationError(...fieldErrors),
      (name) => name === "email",
    );
    expect(problem).toEqual({
      message: "",
      fields: { email: "No account uses this email." },
      fieldErrors,
    });
  });

  it("says complaints about the input as a whole, or about fields the form lacks, once, without paths", () => {
    const problem = mutationProblem(
      {},
      validationError(
        { message: "a project needs at least one owner", path: ["input"] },
        { message: "not a Group id", path: ["input", "groupId"] },
        { message: "must not be empty", path: ["input", "name"] },
      ),
      (name) => name === "name",
    );
    expect(problem?.message).toBe("A project needs at least one owner. Not a Group id.");
    expect(problem?.message).not.toContain("input");
    expect(problem?.fields).toEqual({ name: "Must not be empty." });
    // Code still gets the paths.
    expect(problem?.fieldErrors.map((error) => error.path.join("."))).toEqual([
      "input",
      "input.groupId",
      "input.name",
    ]);
  });

  it("says every complaint at form level when nothing shows fields (a button, say)", () => {
    const problem = mutationProblem(
      {},
      validationError({ message: "no account uses this email", path: ["input", "email"] }),
    );
    expect(problem?.message).toBe("No account uses this email.");
    expect(problem?.fields).toEqual({});
  });

  it("passes on the API's words for forbidden and missing targets", () => {
    expect(
      mutationProblem({}, {
        __typename: "ForbiddenError",
        message: "You may not share this project.",
      } as { __typename: string })?.message,
    ).toBe("You may not share this project.");
    expect(
      mutationProblem({}, { __typename: "NotFoundError", message: "Project not found." } as {
        __typename: string;
      })?.message,
    ).toBe("Project not found.");
  });

  it("words a failed request for people before looking at the result", () => {
    const offline = new CombinedError({ networkError: new TypeError("Failed to fetch") });
    expect(mutationProblem({ error: offline }, undefined)?.message).toBe(
      "The API cannot be reached. Check your connection and try again.",
    );
    const signedOut = new CombinedError({
      graphQLErrors: [{ message: "Not signed in", extensions: { code: "UNAUTHENTICATED" } }],
    });
    expect(mutationProblem({ error: signedOut }, undefined)?.message).toContain("Sign in again");
    const outOfDate = new CombinedError({
      graphQLErrors: [{ message: "PersistedQueryNotFound" }],
    });
    expect(mutationProblem({ error: outOfDate }, undefined)?.message).toBe(
      "This page is out of date: reload it to get the new version.",
    );
    const internal = new CombinedError({
      graphQLErrors: [{ message: "PrismaClientKnownRequestError", extensions: {} }],
    });
    expect(mutationProblem({ error: internal }, undefined)?.message).not.toContain("Prisma");
  });
});
