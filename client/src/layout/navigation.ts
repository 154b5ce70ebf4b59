/** The app's sections in the main navigation; `administrators`: only for those who administer access. */
export const sections = [
  { to: "/", label: "Welcome", end: true, signedIn: false, administrators: false },
  { to: "/projects", label: "Projects", end: false, signedIn: true, administrators: false },
  { to: "/groups", label: "Groups", end: false, signedIn: true, administrators: false },
  { to: "/access", label: "Access", end: false, signedIn: true, administrators: true },
] as const;
