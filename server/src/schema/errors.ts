import {
  type FieldError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../domain/failures.ts";
import { builder } from "./builder.ts";
import { publicAccess } from "./rules.ts";

export { type FieldError, ForbiddenError, NotFoundError, ValidationError };

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
