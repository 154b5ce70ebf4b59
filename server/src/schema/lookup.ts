import { decodeGlobalID } from "@pothos/plugin-relay";
import { type Namespace, type NamespaceWith, type Permit, permission } from "../auth/vocabulary.ts";
import type { Context } from "../context.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors.ts";
import { isRowId, viewPermission } from "./visibility.ts";

/** The raw id inside a global ID of the expected type, or undefined for anything else. */
export function idOf(globalId: string, typename: string): string | undefined {
  try {
    const decoded = decodeGlobalID(globalId);
    return decoded.typename === typename && isRowId(decoded.id) ? decoded.id : undefined;
  } catch {
    return undefined;
  }
}

/** Like idOf, for mutation inputs: a wrong or malformed id is a validation error on that path. */
export function inputIdOf(globalId: string, typename: string, path: string[]): string {
  const id = idOf(globalId, typename);
  if (!id) throw new ValidationError([{ path, message: `must be the id of a ${typename}` }]);
  return id;
}

/**
 * Loads an object the viewer may see, or throws NotFoundError, the same way
 * whether it is hidden or missing. Visibility is asked before the row is read.
 */
export async function loadVisible<T>(
  context: Context,
  namespace: NamespaceWith<"view">,
  id: string,
  load: (id: string) => Promise<T | null>,
): Promise<T> {
  if (!(await context.can(viewPermission(namespace, id)))) throw new NotFoundError(namespace);
  const row = await load(id);
  if (!row) throw new NotFoundError(namespace);
  return row;
}

/** Throws ForbiddenError unless Keto grants the permit (the object is known to be visible). */
export async function requirePermit<N extends Namespace>(
  context: Context,
  namespace: N,
  id: string,
  permit: Permit<N>,
): Promise<void> {
  const asked = permission(namespace, id, permit);
  if (!(await context.can(asked))) {
    context.explainRefusal(asked);
    throw new ForbiddenError(`You may see this ${namespace.toLowerCase()} but not ${permit} it.`);
  }
}

/** The signed-in viewer; mutations declare `authenticated`, so this only narrows the type. */
export async function signedIn(context: Context) {
  const viewer = await context.viewer();
  if (!viewer) throw new Error("authenticated scope let an anonymous request through");
  return viewer;
}
