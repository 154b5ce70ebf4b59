/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Kratos' public URL for `npm run dev`; built apps read /client-config.json instead. */
  readonly VITE_KRATOS_PUBLIC_URL?: string;
}
