import type { IdentitySchema } from "../schema.ts";
import { flattenFields, setValue, type UiContainer } from "../ui.ts";

/** Turns form strings into the JSON types the identity schema declares. */
export function traitCoercer(schema: IdentitySchema) {
  return (path: string[], value: string): unknown => {
    const type = schema.traitType(path);
    if ((type === "number" || type === "integer") && value.trim() !== "") {
      const n = Number(value);
      return Number.isNaN(n) ? value : n;
    }
    if (type === "boolean") return value === "true" || value === "on";
    return value;
  };
}

/** The `traits` object of a submission; anything that is not an object counts as none. */
export function submittedTraits(body: Record<string, unknown>): Record<string, unknown> {
  return body.traits && typeof body.traits === "object" && !Array.isArray(body.traits)
    ? (body.traits as Record<string, unknown>)
    : {};
}

/** Fills the `traits.*` inputs of a form with these values. */
export function showTraits(ui: UiContainer, traits: Record<string, unknown>): void {
  for (const [name, value] of flattenFields("traits", traits)) setValue(ui, name, value);
}
