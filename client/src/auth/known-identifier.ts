import type { LoginFlow, UiNode } from "@ory/client";

/**
 * A refresh flow ("confirm it's you") already knows who signs in: Kratos sends the
 * identifier as a hidden input. The page shows it as text instead of asking for it, and
 * keeps it a hidden input even where a flow offers it as an editable field, so only the
 * password is asked for. Undefined for ordinary sign-ins.
 */
export function knownIdentifier(
  flow: LoginFlow,
): { identifier: string; flow: LoginFlow } | undefined {
  if (!flow.refresh) return undefined;
  const node = flow.ui.nodes.find(isIdentifier);
  const value = node?.attributes.node_type === "input" ? node.attributes.value : undefined;
  if (typeof value !== "string" || value === "") return undefined;
  const nodes = flow.ui.nodes.map((candidate): UiNode => {
    if (!isIdentifier(candidate) || candidate.attributes.node_type !== "input") return candidate;
    return { ...candidate, attributes: { ...candidate.attributes, type: "hidden" }, meta: {} };
  });
  return { identifier: value, flow: { ...flow, ui: { ...flow.ui, nodes } } };
}

function isIdentifier(node: UiNode): boolean {
  return node.attributes.node_type === "input" && node.attributes.name === "identifier";
}
