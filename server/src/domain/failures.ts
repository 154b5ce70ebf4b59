/** The expected ways a mutation fails; schema/errors.ts gives each its GraphQL type. */

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
