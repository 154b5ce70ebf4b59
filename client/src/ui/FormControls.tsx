import type { ReactNode } from "react";

interface FormControlsProps {
  /** True while the form's submission is on its way. */
  busy: boolean;
  /** Layout of the controls (the form element itself carries none). */
  className?: string;
  children: ReactNode;
}

/**
 * A form's controls, disabled together while its submission is on its way: what someone
 * typed meanwhile would neither be sent nor survive the answer, so they cannot type it.
 */
export function FormControls({ busy, className, children }: FormControlsProps) {
  return (
    <fieldset
      className={className ? `form-controls ${className}` : "form-controls"}
      disabled={busy}
      aria-busy={busy || undefined}
    >
      {children}
    </fieldset>
  );
}
