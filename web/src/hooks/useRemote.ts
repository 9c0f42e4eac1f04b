/**
 * One remote value keyed by its inputs: refetched when the key changes, earlier requests
 * aborted, the previous data kept while the next loads (so lists update in place, no flash).
 */
import { useCallback, useEffect, useState } from "react";

export interface Remote<T> {
  status: "idle" | "loading" | "ok" | "error";
  data: T | null;
  error: string | null;
  /** Loading, with the previous answer still shown. */
  refreshing: boolean;
  retry: () => void;
}

export function useRemote<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Remote<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<Remote<T>, "retry">>({
    status: key === null ? "idle" : "loading",
    data: null,
    error: null,
    refreshing: false,
  });

  useEffect(() => {
    if (key === null) {
      setState({ status: "idle", data: null, error: null, refreshing: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ status: s.data === null ? "loading" : s.status, data: s.data, error: null, refreshing: s.data !== null }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "ok", data, error: null, refreshing: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ status: "error", data: null, error: message, refreshing: false });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render on purpose: the key says when its inputs changed.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
