/** The app's sections in the main navigation; domain pages add theirs here. */
export const sections = [{ to: "/", label: "Welcome", end: true }] as const;
