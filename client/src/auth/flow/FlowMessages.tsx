import type { UiText } from "@ory/client";

interface FlowMessagesProps {
  messages: UiText[] | undefined;
  id?: string;
}

/** Kratos' own words for a form or a field, styled by their type (info, error, success). */
export function FlowMessages({ messages, id }: FlowMessagesProps) {
  if (!messages || messages.length === 0) return null;
  return (
    <ul className="flow-messages" id={id}>
      {messages.map((message) => (
        <li
          key={`${message.id}-${message.text}`}
          className={`message message-${message.type}`}
          data-message-id={message.id}
        >
          {message.text}
        </li>
      ))}
    </ul>
  );
}
