/**
 * The one app state, shared by every page through context: a rating given on a movie's page
 * is the same rating the onboarding grid and the recommendations see.
 */
import { createContext, useContext } from "react";
import type { Action, AppState } from "./store";

export type Store = readonly [AppState, (action: Action) => void];

export const StoreContext = createContext<Store | null>(null);

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useStore() outside <StoreContext.Provider>");
  return store;
}
