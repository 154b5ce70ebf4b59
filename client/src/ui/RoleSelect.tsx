import { useEffect, useState } from "react";

interface RoleSelectProps<Role extends string> {
  /** Whose role it is, for the accessible name ("Role of Bob Example"). */
  holder: string;
  role: Role;
  roleNames: Record<Role, string>;
  disabled?: boolean;
  /** Changes the role; resolves to whether it worked. */
  onChange(role: Role): Promise<boolean>;
}

/**
 * A role in a list of people, changed in place. It shows the choice at once, goes back to
 * the held role if the change fails, and follows the role the page shows once it reloads.
 */
export function RoleSelect<Role extends string>({
  holder,
  role,
  roleNames,
  disabled,
  onChange,
}: RoleSelectProps<Role>) {
  const [chosen, setChosen] = useState(role);
  useEffect(() => setChosen(role), [role]);

  async function choose(next: Role) {
    setChosen(next);
    if (!(await onChange(next))) setChosen(role);
  }

  return (
    <select
      className="role-select"
      aria-label={`Role of ${holder}`}
      value={chosen}
      disabled={disabled}
      onChange={(event) => choose(event.target.value as Role)}
    >
      {(Object.keys(roleNames) as Role[]).map((value) => (
        <option key={value} value={value}>
          {roleNames[value]}
        </option>
      ))}
    </select>
  );
}
