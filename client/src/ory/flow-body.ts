import type { UiNode, UiNodeInputAttributes } from "@ory/client";

/** One named value the form submits, as the browser collected it. */
export interface SubmittedField {
  name: string;
  value: string;
}

/**
 * Turns submitted form fields into the JSON body Kratos expects: dotted names
 * (`traits.email`) become nested objects, checkboxes become booleans and number
 * inputs numbers, because JSON bodies are validated against the identity schema's types.
 */
export function flowRequestBody(nodes: UiNode[], fields: SubmittedField[]) {
  const typeOf = new Map<string, UiNodeInputAttributes["type"]>();
  for (const node of nodes) {
    if (node.attributes.node_type === "input")
      typeOf.set(node.attributes.name, node.attributes.type);
  }
  const body: Record<string, unknown> = {};
  for (const { name, value } of fields) {
    setPath(body, name.split("."), convert(typeOf.get(name), value));
  }
  return body;
}

function convert(type: UiNodeInputAttributes["type"] | undefined, value: string): unknown {
  if (type === "checkbox") return value === "true" || value === "on";
  if (type === "number" && value !== "") return Number(value);
  return value;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = target[head];
  const child = typeof next === "object" && next !== null ? (next as Record<string, unknown>) : {};
  target[head] = child;
  setPath(child, rest, value);
}
