import type { UiNode, UiNodeGroupEnum } from "@ory/client";
import { type FormEvent, useId } from "react";
import { flowRequestBody, type SubmittedField } from "../../ory/flow-body";
import type { SelfServiceFlow } from "../../ory/kratos-api";
import { FlowMessages } from "./FlowMessages";
import { FlowNode } from "./FlowNode";
import { flowRevision } from "./flow-revision";

interface FlowFormProps {
  flow: SelfServiceFlow;
  /**
   * Method groups to show (settings has one form per method). Nodes of the `default`
   * group, which holds the CSRF token, are always included. All groups when absent.
   */
  groups?: UiNodeGroupEnum[];
  /** Show the flow's form-level `ui.messages` here; off when the page shows them once. */
  showFlowMessages?: boolean;
  submitting: boolean;
  onSubmit(body: Record<string, unknown>): void;
  "aria-label"?: string;
}

/** Renders any Kratos self-service flow (login, registration, settings) from its `ui`. */
export function FlowForm({
  flow,
  groups,
  showFlowMessages = true,
  submitting,
  onSubmit,
  "aria-label": ariaLabel,
}: FlowFormProps) {
  const idPrefix = useId();
  const nodes = flow.ui.nodes.filter(
    (node) => !groups || node.group === "default" || groups.includes(node.group),
  );
  const revision = flowRevision(flow);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: SubmittedField[] = [];
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string") fields.push({ name, value });
    }
    fields.push(...chosenMethod(event.nativeEvent, nodes));
    onSubmit(flowRequestBody(nodes, fields));
  }

  const formMessages = flow.ui.messages ?? [];
  return (
    <form
      className="flow-form"
      onSubmit={handleSubmit}
      // Kratos validates and words the errors; the browser's own bubbles would pre-empt it.
      noValidate
      aria-label={ariaLabel}
      aria-busy={submitting || undefined}
    >
      {showFlowMessages && formMessages.length > 0 && (
        <div
          className="flow-messages-form"
          role={formMessages.some((message) => message.type === "error") ? "alert" : "status"}
          tabIndex={-1}
        >
          <FlowMessages messages={formMessages} />
        </div>
      )}
      {nodes.map((node) => (
        <FlowNode
          key={`${revision}-${nodeKey(node)}`}
          node={node}
          idPrefix={idPrefix}
          submitting={submitting}
        />
      ))}
    </form>
  );
}

/**
 * FormData leaves out the button that was pressed, yet Kratos reads the chosen method
 * (`method=password`, `method=profile`) from it. Enter in a text field "presses" the
 * first submit button, which is also the fallback when the event names no submitter.
 */
function chosenMethod(event: Event, nodes: UiNode[]): SubmittedField[] {
  const submitter = (event as SubmitEvent).submitter;
  if (submitter instanceof HTMLButtonElement && submitter.name) {
    return [{ name: submitter.name, value: submitter.value }];
  }
  for (const node of nodes) {
    const attributes = node.attributes;
    if (attributes.node_type === "input" && attributes.type === "submit") {
      return [{ name: attributes.name, value: String(attributes.value ?? "") }];
    }
  }
  return [];
}

function nodeKey(node: UiNode): string {
  const attributes = node.attributes;
  if (attributes.node_type === "input") {
    // Several submit buttons may share a name (`method`) and differ by value.
    const value = attributes.type === "submit" ? String(attributes.value) : "";
    return `${node.group}-${attributes.name}-${value}`;
  }
  return `${node.group}-${attributes.node_type}-${attributes.id}`;
}
