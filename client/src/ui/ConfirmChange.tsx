import { useEffect, useId, useRef, useState } from "react";

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

/**
 * A submission held back until the person confirms the change it makes: `ask` holds it with
 * the question ConfirmChange shows, `confirm` sends it, `cancel` drops it.
 */
export function usePendingChange<Variables>(
  submit: (form: HTMLFormElement, variables: Variables) => unknown,
) {
  const [pending, setPending] = useState<{
    form: HTMLFormElement;
    variables: Variables;
    question: string;
  }>();
  return {
    pending,
    ask: (form: HTMLFormElement, variables: Variables, question: string) =>
      setPending({ form, variables, question }),
    confirm() {
      if (!pending) return;
      setPending(undefined);
      void submit(pending.form, pending.variables);
    },
    cancel: () => setPending(undefined),
  };
}
