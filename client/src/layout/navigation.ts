/** The app's sections in the main navigation. */
export const sections = [
  { to: "/", label: "Welcome", end: true, signedIn: false },
  { to: "/projects", label: "Projects", end: false, signedIn: true },
  { to: "/groups", label: "Groups", end: false, signedIn: true },
] as const;
