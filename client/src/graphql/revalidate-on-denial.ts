import { makeOperation, mapExchange, type OperationResult } from "urql";

/** The types whose cached pages and lists depend on what the viewer may see. */
export const permissionedTypenames = ["Project", "Document", "Group", "App"];

const deniedCodes = new Set(["FORBIDDEN", "NOT_FOUND"]);
const deniedMembers = new Set(["ForbiddenError", "NotFoundError"]);

/**
 * A mutation refused as forbidden or not found means the page it came from showed more
 * than the viewer may now do (access was revoked meanwhile): every cached query holding
 * one of `typenames` is dropped, and those on screen ask the API again. Place it after
 * urql's cacheExchange, which reads the mutation's `additionalTypenames` on the way back.
 */
export function revalidateOnDenialExchange(typenames: readonly string[] = permissionedTypenames) {
  return mapExchange({
    onResult(result) {
      if (result.operation.kind !== "mutation" || !wasDenied(result)) return result;
      const { context } = result.operation;
      const additionalTypenames = [...(context.additionalTypenames ?? []), ...typenames];
      return {
        ...result,
        operation: makeOperation("mutation", result.operation, { ...context, additionalTypenames }),
      };
    },
  });
}

function wasDenied(result: OperationResult): boolean {
  const codes = result.error?.graphQLErrors.map((error) => error.extensions?.code) ?? [];
  if (codes.some((code) => typeof code === "string" && deniedCodes.has(code))) return true;
  const fields = Object.values((result.data ?? {}) as Record<string, unknown>);
  return fields.some(
    (field) =>
      typeof field === "object" &&
      field !== null &&
      deniedMembers.has(String((field as { __typename?: unknown }).__typename)),
  );
}
