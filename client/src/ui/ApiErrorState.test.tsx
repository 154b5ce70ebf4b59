// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { CombinedError } from "urql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiErrorState } from "./ApiErrorState";

const failedWith = (message: string, code?: string) =>
  new CombinedError({
    graphQLErrors: [{ message, extensions: code ? { code } : {} }],
  });

function renderState(error: CombinedError) {
  render(
    <MemoryRouter>
      <ApiErrorState error={error} subject="this project" retry={vi.fn()} />
    </MemoryRouter>,
  );
}

afterEach(cleanup);

describe("a failed load's page state", () => {
  it.each([
    ["the API's code", failedWith("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")],
    [
      "the trusted-documents code",
      failedWith("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_IN_LIST"),
    ],
    ["the message alone", failedWith("PersistedQueryNotFound")],
  ])("asks for a reload when the page's documents are unknown (by %s)", (_by, error) => {
    renderState(error);
    expect(screen.getByRole("heading", { name: "This page is out of date" })).toBeTruthy();
    expect(screen.getByRole("alert").textContent).not.toContain("PersistedQuery");
    expect(screen.getByRole("button", { name: "Reload" })).toBeTruthy();
  });

  it("gives an unknown failure a sentence, with the API's code only in the details", () => {
    renderState(failedWith("Unexpected error.", "INTERNAL_SERVER_ERROR"));
    expect(screen.getByRole("heading", { name: "Could not load this project" })).toBeTruthy();
    expect(
      screen.getByText("Something went wrong on our side. Try again in a moment."),
    ).toBeTruthy();
    const details = screen.getByText("Details for developers").closest("details");
    expect(details?.textContent).toContain("INTERNAL_SERVER_ERROR: Unexpected error.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});
