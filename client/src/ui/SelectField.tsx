import { useId } from "react";
import { showsErrors } from "../graphql/mutation-problem";

interface SelectFieldProps {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  /** The API's message for this field, shown under it and announced with it. */
  error?: string;
}

/** A labelled select whose error is tied to it, like TextField. */
export function SelectField({ label, name, options, defaultValue, error }: SelectFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...{ [showsErrors]: true }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error && (
        <p className="message message-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
