import { useQuery } from "urql";
import { graphql } from "../gql";
import { SelectField } from "./SelectField";
import { TextField } from "./TextField";

/** Whom a role goes to: one person, by e-mail, or every member of a group. */
export type Grantee = "person" | "group";

interface GranteeFieldsProps<GroupField extends string> {
  /** What the choice is for, such as "Share with". */
  legend: string;
  grantee: Grantee;
  onGranteeChange(grantee: Grantee): void;
  email: { label: string; required?: boolean; error?: string };
  group: {
    label: string;
    /** The form field that carries the group's id, as the mutation's input names it. */
    name: GroupField;
    options: { value: string; label: string }[];
    error?: string;
  };
}

/**
 * The choice between a person and a group's members, then the field for whichever was
 * chosen: an e-mail or a group to pick.
 */
export function GranteeFields<GroupField extends string>(props: GranteeFieldsProps<GroupField>) {
  const { grantee, onGranteeChange } = props;
  return (
    <>
      <fieldset className="choice">
        <legend>{props.legend}</legend>
        <label>
          <input
            type="radio"
            name="target"
            checked={grantee === "person"}
            onChange={() => onGranteeChange("person")}
          />{" "}
          A person
        </label>
        <label>
          <input
            type="radio"
            name="target"
            checked={grantee === "group"}
            onChange={() => onGranteeChange("group")}
          />{" "}
          A group's members
        </label>
      </fieldset>
      {grantee === "person" ? (
        <TextField
          label={props.email.label}
          name="email"
          type="email"
          required={props.email.required}
          error={props.email.error}
        />
      ) : (
        <SelectField
          label={props.group.label}
          name={props.group.name}
          options={props.group.options}
          error={props.group.error}
        />
      )}
    </>
  );
}

/** The grantee a submitted GranteeFields form names, ready to spread into a mutation's input. */
export function chosenGrantee<GroupField extends string>(
  form: FormData,
  grantee: Grantee,
  groupField: GroupField,
): { email: string } | Record<GroupField, string> {
  if (grantee === "person") return { email: String(form.get("email") ?? "") };
  return { [groupField]: String(form.get(groupField) ?? "") } as Record<GroupField, string>;
}

/**
 * Said under the e-mail when someone names themselves where roles are given: nobody changes
 * their own role there (docs/decisions/0027-fresh-permissions-and-forms.md).
 */
export const ownRoleComplaint = "That is you: another owner can change your role.";

/** Whether an address is the signed-in person's own; addresses compare without case. */
export function isOwnAddress(email: string | undefined, viewerEmail: string | undefined) {
  return !!email && !!viewerEmail && email.trim().toLowerCase() === viewerEmail.toLowerCase();
}

const GroupChoicesDocument = graphql(`
  query GroupChoices {
    groups(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** The groups the viewer can see, to pick one from (the first 100); undefined until loaded. */
export function useGroupChoices(pause = false): { id: string; name: string }[] | undefined {
  const [result] = useQuery({ query: GroupChoicesDocument, pause });
  return result.data?.groups.edges.map(({ node }) => node);
}
