import { describe, expect, it } from "vitest";
import { mutationProblem } from "./mutation-problem";

describe("mutationProblem", () => {
  it("is undefined when the result is the success member", () => {
    expect(mutationProblem({}, { __typename: "ProjectPayload" })).toBeUndefined();
  });

  it("maps a ValidationError's field errors by the input field they name", () => {
    const problem = mutationProblem({}, {
      __typename: "ValidationError",
      message: "Invalid input",
      fieldErrors: [{ message: "Name must not be empty", path: ["input", "name"] }],
    } as { __typename: string });
    expect(problem).toEqual({
      message: "Invalid input",
      fields: { name: "Name must not be empty" },
    });
  });

  it("passes on the API's words for forbidden and missing targets", () => {
    expect(
      mutationProblem({}, {
        __typename: "ForbiddenError",
        message: "You may not share this project.",
      } as {
        __typename: string;
      }),
    ).toEqual({ message: "You may not share this project.", fields: {} });
  });

  it("reports a GraphQL or network error before looking at the result", () => {
    const error = { message: "[Network] Failed to fetch", graphQLErrors: [] };
    expect(mutationProblem({ error }, undefined)?.message).toBe("[Network] Failed to fetch");
  });
});
