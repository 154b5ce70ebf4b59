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
 * the question ConfirmChange shows, `confirm` sends it, `cancel` drops it and gives focus
 * back to the control that submitted (the question took it), or else the form's first field.
 */
export function usePendingChange<Variables>(
  submit: (form: HTMLFormElement, variables: Variables) => unknown,
) {
  const [pending, setPending] = useState<{
    form: HTMLFormElement;
    variables: Variables;
    question: string;
    submitter: Element | null;
  }>();
  const returnFocus = useRef<{ form: HTMLFormElement; submitter: Element | null }>(undefined);

  // After the render that enables the form's controls again: a disabled control takes no focus.
  useEffect(() => {
    const target = returnFocus.current;
    if (!target || pending) return;
    returnFocus.current = undefined;
    focusedAfterCancel(target.form, target.submitter)?.focus();
  }, [pending]);

  return {
    pending,
    ask: (form: HTMLFormElement, variables: Variables, question: string) =>
      setPending({ form, variables, question, submitter: document.activeElement }),
    confirm() {
      if (!pending) return;
      setPending(undefined);
      void submit(pending.form, pending.variables);
    },
    cancel() {
      if (pending) returnFocus.current = { form: pending.form, submitter: pending.submitter };
      setPending(undefined);
    },
  };
}

/**
 * The control that submitted when it is still in the form; the submit button, which the
 * question replaced, when that is what submitted or nothing in the form had focus; else the
 * form's first field.
 */
function focusedAfterCancel(form: HTMLFormElement, submitter: Element | null) {
  if (submitter instanceof HTMLElement && submitter.isConnected && form.contains(submitter)) {
    return submitter;
  }
  return (
    form.querySelector<HTMLElement>('button[type="submit"]') ??
    form.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea")
  );
}
