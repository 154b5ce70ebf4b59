import type { FieldProblem } from "./schema.ts";
import { text, type UiText } from "./text.ts";

export type NodeGroup = "default" | "password" | "profile" | "code";

export interface UiNode {
  type: "input";
  group: NodeGroup;
  attributes: {
    name: string;
    type: string;
    value?: unknown;
    required?: boolean;
    autocomplete?: string;
    pattern?: string;
    disabled: boolean;
    maxlength?: number;
    node_type: "input";
  };
  messages: UiText[];
  meta: { label?: UiText };
}

export interface UiContainer {
  action: string;
  /** GET only for a verified address's "continue" link. */
  method: "POST" | "GET";
  nodes: UiNode[];
  messages?: UiText[];
}

interface InputSpec {
  name: string;
  type: string;
  group: NodeGroup;
  value?: unknown;
  required?: boolean;
  autocomplete?: string;
  pattern?: string;
  maxlength?: number;
  label?: UiText;
}

/** An input node with Kratos' attribute order and omit-empty rules. */
export function inputNode(spec: InputSpec): UiNode {
  return {
    type: "input",
    group: spec.group,
    attributes: {
      name: spec.name,
      type: spec.type,
      ...(spec.value !== undefined ? { value: spec.value } : {}),
      ...(spec.required ? { required: true } : {}),
      ...(spec.autocomplete ? { autocomplete: spec.autocomplete } : {}),
      ...(spec.pattern ? { pattern: spec.pattern } : {}),
      disabled: false,
      ...(spec.maxlength ? { maxlength: spec.maxlength } : {}),
      node_type: "input",
    },
    messages: [],
    meta: spec.label ? { label: spec.label } : {},
  };
}

/**
 * The password field of the password method; `autocomplete` tells password managers whether
 * to offer the saved password (login) or to generate one (registration, settings).
 */
export function passwordNode(autocomplete: "current-password" | "new-password"): UiNode {
  return inputNode({
    name: "password",
    type: "password",
    group: "password",
    required: true,
    autocomplete,
    label: text.labelPassword(),
  });
}

/** The submit button of one method: Kratos names it `method` and its value picks the strategy. */
export function methodButton(method: "password" | "profile", label: UiText): UiNode {
  return inputNode({ name: "method", type: "submit", group: method, value: method, label });
}

export function csrfNode(maskedToken: string): UiNode {
  return inputNode({
    name: "csrf_token",
    type: "hidden",
    group: "default",
    value: maskedToken,
    required: true,
  });
}

/** Drops the messages of an earlier submission, as Kratos does before re-validating. */
export function resetMessages(ui: UiContainer): void {
  delete ui.messages;
  for (const node of ui.nodes) node.messages = [];
}

export function addMessage(ui: UiContainer, message: UiText): void {
  ui.messages = [...(ui.messages ?? []), message];
}

/** Attaches each problem to the node it names, or to the form when no node matches. */
export function applyProblems(ui: UiContainer, problems: FieldProblem[]): void {
  for (const problem of problems) {
    const node = problem.field
      ? ui.nodes.find((n) => n.attributes.name === problem.field)
      : undefined;
    if (node) node.messages.push(problem.message);
    else addMessage(ui, problem.message);
  }
}

/** Echoes submitted values back into the form, except secrets (Kratos never returns passwords). */
export function setValue(ui: UiContainer, name: string, value: unknown): void {
  const node = ui.nodes.find((n) => n.attributes.name === name);
  if (!node || node.attributes.type === "password") return;
  node.attributes.value = value;
}

/** Flattens nested traits into dotted form-field names: {traits:{a:{b:1}}} -> traits.a.b. */
export function flattenFields(prefix: string, value: unknown): [string, unknown][] {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) =>
      flattenFields(`${prefix}.${key}`, child),
    );
  }
  return [[prefix, value]];
}
