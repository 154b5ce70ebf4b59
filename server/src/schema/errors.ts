import { builder } from "./builder.ts";
import { publicAccess } from "./rules.ts";

export interface FieldError {
  path: string[];
  message: string;
}

/** Input that cannot be accepted; nothing was changed. */
export class ValidationError extends Error {
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((error) => `${error.path.join(".")}: ${error.message}`).join("; "));
  }
}

/** The object does not exist, or the viewer may not see it: the two are never told apart. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found.`);
  }
}

/** The viewer may see the object but not do this to it. */
export class ForbiddenError extends Error {}

const mutationErrors = publicAccess("describes the viewer's own failed mutation");

const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  fields: (t) => ({ message: t.exposeString("message") }),
});

const FieldErrorRef = builder.objectRef<FieldError>("FieldError").implement({
  ...mutationErrors,
  fields: (t) => ({
    path: t.exposeStringList("path", {
      description: 'Where in the input, e.g. ["input", "name"].',
    }),
    message: t.exposeString("message"),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  ...mutationErrors,
  interfaces: [ErrorInterface],
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (error) => error.fieldErrors }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  ...mutationErrors,
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(ForbiddenError, {
  name: "ForbiddenError",
  ...mutationErrors,
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

/** The error types every mutation may answer with, besides its payload. */
export const mutationErrorTypes = [ValidationError, NotFoundError, ForbiddenError];

/** What every mutation declares: a signed-in viewer, and its expected failures as union members. */
export const mutationOptions = {
  authScopes: { authenticated: true },
  errors: { types: mutationErrorTypes },
};
