import { useEffect, useReducer } from "react";
import { loadState, saveState } from "./persist";
import { reducer, type Action, type AppState } from "./store";

/** The app state, loaded from and saved to localStorage on every change. */
export function useAppState(storage: Storage = window.localStorage): [AppState, (a: Action) => void] {
  const [state, dispatch] = useReducer(reducer, storage, loadState);
  useEffect(() => saveState(storage, state), [storage, state]);
  return [state, dispatch];
}
