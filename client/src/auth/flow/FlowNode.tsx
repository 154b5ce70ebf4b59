import type { UiNode, UiNodeInputAttributes } from "@ory/client";
import { FlowMessages } from "./FlowMessages";

interface FlowNodeProps {
  node: UiNode;
  /** Prefix that makes element ids unique when a page shows several forms of one flow. */
  idPrefix: string;
  submitting: boolean;
}

/** One entry of a flow's `ui.nodes`, rendered as the matching HTML element. */
export function FlowNode({ node, idPrefix, submitting }: FlowNodeProps) {
  const { attributes } = node;
  switch (attributes.node_type) {
    case "input":
      return (
        <FlowInput
          node={node}
          attributes={attributes}
          idPrefix={idPrefix}
          submitting={submitting}
        />
      );
    case "text":
      return (
        <p className="flow-text" id={attributes.id}>
          {attributes.text.text}
        </p>
      );
    case "img":
      return (
        <img
          className="flow-image"
          src={attributes.src}
          width={attributes.width}
          height={attributes.height}
          alt={node.meta.label?.text ?? ""}
        />
      );
    case "a":
      return (
        <a className="flow-link" href={attributes.href} id={attributes.id}>
          {attributes.title.text}
        </a>
      );
    default:
      // Script and div nodes serve WebAuthn, passkeys and captchas, which this project does not
      // enable; loading third-party scripts a flow names would also defeat the page's CSP.
      return null;
  }
}

interface FlowInputProps extends Omit<FlowNodeProps, "node"> {
  node: UiNode;
  attributes: UiNodeInputAttributes;
}

/**
 * Fields are disabled while a submission is on its way: Kratos answers with a new flow,
 * whose fields start again from the values it echoes, so anything typed meanwhile would
 * silently vanish (and a password typed then would be missing from the next try).
 */
function FlowInput({ node, attributes, idPrefix, submitting }: FlowInputProps) {
  const label = node.meta.label?.text ?? attributes.label?.text ?? attributes.name;
  const inputId = `${idPrefix}-${attributes.name.replace(/[^\w-]/g, "-")}`;
  const messagesId = `${inputId}-messages`;
  const hasMessages = node.messages.length > 0;
  const invalid = node.messages.some((message) => message.type === "error");

  switch (attributes.type) {
    case "hidden":
      // The CSRF token travels as a hidden field; Kratos rejects a submission without it.
      return <input type="hidden" name={attributes.name} value={String(attributes.value ?? "")} />;
    case "submit":
      return (
        <button
          type="submit"
          className="button button-primary"
          name={attributes.name}
          value={String(attributes.value ?? "")}
          disabled={attributes.disabled || submitting}
          aria-busy={submitting || undefined}
        >
          {label}
        </button>
      );
    case "button":
      // Plain buttons only act through the `onclick` scripts that WebAuthn nodes carry.
      return null;
    case "checkbox":
      return (
        <div className="field field-checkbox">
          <input
            id={inputId}
            type="checkbox"
            name={attributes.name}
            value="true"
            defaultChecked={attributes.value === true}
            disabled={attributes.disabled || submitting}
            aria-invalid={invalid || undefined}
            aria-describedby={hasMessages ? messagesId : undefined}
          />
          <label htmlFor={inputId}>{label}</label>
          <FlowMessages messages={node.messages} id={messagesId} />
        </div>
      );
    default:
      return (
        <div className="field">
          <label htmlFor={inputId}>{label}</label>
          <input
            id={inputId}
            type={attributes.type}
            name={attributes.name}
            defaultValue={attributes.value == null ? "" : String(attributes.value)}
            required={attributes.required}
            disabled={attributes.disabled || submitting}
            autoComplete={attributes.autocomplete}
            maxLength={attributes.maxlength}
            pattern={attributes.pattern}
            aria-invalid={invalid || undefined}
            aria-describedby={hasMessages ? messagesId : undefined}
          />
          <FlowMessages messages={node.messages} id={messagesId} />
        </div>
      );
  }
}
