import { useEffect, useId, useRef } from "react";

interface ConfirmChangeProps {
  /** The question, e.g. "Change Bob Example from Editor to Viewer?" */
  question: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * Asks before a change that replaces something already there. Focus moves to the
 * confirming button, which the question names, so keyboard and screen reader users hear it.
 */
export function ConfirmChange({ question, confirmLabel, onConfirm, onCancel }: ConfirmChangeProps) {
  const questionId = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <fieldset className="confirm-change">
      <legend id={questionId}>{question}</legend>
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
        <button
          ref={confirm}
          type="button"
          className="button button-primary"
          onClick={onConfirm}
          aria-describedby={questionId}
        >
          {confirmLabel}
        </button>
      </div>
    </fieldset>
  );
}
