/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the gateway is; empty (the default) = the origin that served the page. */
  readonly VITE_API_BASE_URL?: string;
}
