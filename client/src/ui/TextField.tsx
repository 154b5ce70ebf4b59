import { useId } from "react";
import { showsErrors } from "../graphql/mutation-problem";

interface TextFieldProps {
  label: string;
  name: string;
  defaultValue?: string;
  required?: boolean;
  multiline?: boolean;
  readOnly?: boolean;
  type?: "text" | "email";
  /** The API's message for this field, shown under it and announced with it. */
  error?: string;
}

/** A labelled input (or textarea) whose error is tied to it for assistive technology. */
export function TextField({ label, name, error, multiline, ...input }: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const shared = {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errorId : undefined,
    [showsErrors]: true,
    ...input,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={10} {...shared} />
      ) : (
        <input type={input.type ?? "text"} {...shared} />
      )}
      {error && (
        <p className="message message-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
