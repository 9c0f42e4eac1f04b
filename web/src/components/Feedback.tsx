/** Honest status messages: errors with a retry, and notices about partial answers. */
import type { ReactNode } from "react";
import type { Problem } from "../api/client";

const PART_NAMES: Record<Problem["part"], string> = {
  collab: "Collaborative filtering",
  kmeans: "K-Means",
  posters: "Posters",
};

export function ErrorBox({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <div>
        <strong>{title}</strong>
        <p>{message}</p>
      </div>
      {onRetry && (
        <button type="button" className="btn btn--primary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ kind, title, children }: { kind: "info" | "warning"; title: string; children?: ReactNode }) {
  return (
    <div className={`notice notice--${kind}`} role="status" data-notice={kind}>
      <span className="notice__icon" aria-hidden="true">
        {kind === "warning" ? "!" : "i"}
      </span>
      <div>
        <strong>{title}</strong>
        {children && <div className="notice__body">{children}</div>}
      </div>
    </div>
  );
}

/** What a degraded answer says went wrong, one line per part of movierec. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  return (
    <ul>
      {problems.map((p) => (
        <li key={`${p.part}-${p.code}`}>
          <strong>{PART_NAMES[p.part]}:</strong> {p.message}
        </li>
      ))}
    </ul>
  );
}
