import { type FormEvent, useRef, useState } from "react";
import type { ProjectRole, ShareProjectMutationVariables } from "../../gql/graphql";
import { useMutationForm } from "../../graphql/use-mutation-form";
import { useSession } from "../../session/session-context";
import { ConfirmChange, usePendingChange } from "../../ui/ConfirmChange";
import { FormControls } from "../../ui/FormControls";
import {
  chosenGrantee,
  type Grantee,
  GranteeFields,
  isOwnAddress,
  ownRoleComplaint,
  useGroupChoices,
} from "../../ui/GranteeFields";
import { ProblemMessage } from "../../ui/messages";
import { SelectField } from "../../ui/SelectField";
import {
  type Collaborator,
  collaboratorName,
  roleNames,
  ShareProjectDocument,
} from "./Collaborators";

type ShareInput = ShareProjectMutationVariables["input"];

const roleOptions = (Object.keys(roleNames) as ProjectRole[]).map((role) => ({
  value: role,
  label: roleNames[role],
}));

/** The collaborator a share names, if they hold a role already (an email in any case). */
function heldBy(input: ShareInput, collaborators: readonly Collaborator[]) {
  const email = input.email?.trim().toLowerCase();
  return collaborators.find(({ user, group }) =>
    email ? user?.email.toLowerCase() === email : group?.id === input.groupId,
  );
}

interface ShareDialogProps {
  projectId: string;
  projectName: string;
  /** Who holds a role already: sharing with them again changes it, so it asks first. */
  collaborators: readonly Collaborator[];
}

/** A modal form to give a person (by e-mail) or a group's members a role on the project. */
export function ShareDialog({ projectId, projectName, collaborators }: ShareDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [grantee, setGrantee] = useState<Grantee>("person");
  const shareVariables = (form: FormData): ShareProjectMutationVariables => {
    const role = String(form.get("role")) as ProjectRole;
    return { input: { projectId, role, ...chosenGrantee(form, grantee, "groupId") } };
  };
  const { submit, refuse, fetching, problem, setProblem } = useMutationForm(ShareProjectDocument, {
    variables: shareVariables,
    result: (data) => data.shareProject,
    onSuccess(_shared, form) {
      // The next share starts from an empty form.
      form.reset();
      setGrantee("person");
      dialog.current?.close();
    },
  });
  const { pending, ask, confirm, cancel } = usePendingChange(submit);
  const { session } = useSession();
  const viewerEmail = session.status === "signed-in" ? session.viewer.email : undefined;
  // Groups are only needed once the dialog is open.
  const groups = useGroupChoices(!open);

  function show() {
    setProblem(undefined);
    cancel();
    setOpen(true);
    dialog.current?.showModal();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const { input } = shareVariables(new FormData(form));
    const holder = heldBy(input, collaborators);
    if (holder && isOwnAddress(holder.user?.email, viewerEmail)) {
      refuse(form, { email: ownRoleComplaint });
    } else if (holder && holder.role !== input.role) {
      setProblem(undefined);
      const from = roleNames[holder.role];
      const to = roleNames[input.role];
      ask(form, { input }, `Change ${collaboratorName(holder)} from ${from} to ${to}?`);
    } else {
      void submit(form, { input });
    }
  }

  const groupOptions = (groups ?? []).map(({ id, name }) => ({ value: id, label: name }));
  return (
    <>
      <button type="button" className="button button-primary" onClick={show}>
        Share
      </button>
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby="share-title"
        onClose={() => setOpen(false)}
      >
        <form className="stack" onSubmit={handleSubmit} noValidate>
          <h2 id="share-title">Share “{projectName}”</h2>
          <ProblemMessage problem={problem} />
          {/* While a role change waits for an answer, what it would change stays as it is. */}
          <FormControls busy={fetching || pending !== undefined} className="stack">
            <GranteeFields
              legend="Share with"
              grantee={grantee}
              onGranteeChange={setGrantee}
              email={{ label: "E-mail", required: true, error: problem?.fields.email }}
              group={{
                label: "Group",
                name: "groupId",
                options: groupOptions,
                error: problem?.fields.groupId,
              }}
            />
            {grantee === "person" && (
              <p className="message message-info">
                Someone without an account gets access once they sign up with this address.
              </p>
            )}
            {grantee === "group" && groups && groupOptions.length === 0 && (
              <p className="message message-info">You cannot see any groups yet.</p>
            )}
            <SelectField
              label="Role"
              name="role"
              options={roleOptions}
              defaultValue="VIEWER"
              error={problem?.fields.role}
            />
            {!pending && (
              <div className="dialog-actions">
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => dialog.current?.close()}
                >
                  Cancel
                </button>
                <button type="submit" className="button button-primary">
                  Share
                </button>
              </div>
            )}
          </FormControls>
          {pending && (
            <ConfirmChange
              question={pending.question}
              confirmLabel="Change role"
              onConfirm={confirm}
              onCancel={cancel}
            />
          )}
        </form>
      </dialog>
    </>
  );
}
