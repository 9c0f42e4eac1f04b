/**
 * `/clusters`: every K-Means taste cluster, largest first, with the person's own marked and
 * scrolled to once it is known. kmeans down: the page says so and offers a retry.
 */
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { ApiError } from "../api/client";
import { useApi } from "../api/context";
import { ClusterCard, SkeletonCluster } from "../components/ClusterCard";
import { ErrorBox, Notice, ProblemList } from "../components/Feedback";
import { percent } from "../components/GenreBars";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { useRemote } from "../hooks/useRemote";
import { useYourCluster, type YourCluster } from "../hooks/useYourCluster";
import { RATE_PATH } from "../paths";
import { useStore } from "../state/context";
import { ratedList } from "../state/store";

/** Signature movies per cluster: one row of cards on a wide screen. */
export const SIGNATURE_COUNT = 6;

/** How long to give the posters service before asking again for the posters it was missing. */
const POSTER_RETRY_MS = 3000;

export const KMEANS_DOWN =
  "K-Means is not answering right now, and the clusters are its to describe. Try again in a moment.";

export function ClustersPage() {
  useDocumentTitle("Taste clusters");
  const api = useApi();
  const [state] = useStore();
  const yours = useYourCluster(ratedList(state));
  const remote = useRemote("clusters", (signal) =>
    api.clusters(SIGNATURE_COUNT, signal).catch((error: unknown) => {
      // The gateway's 503 message names the service's inner reason; the reader needs the gist.
      if (error instanceof ApiError && error.status === 503) throw new ApiError(KMEANS_DOWN, 503);
      throw error;
    }),
  );
  const yourId = yours.status === "found" ? yours.cluster.id : null;
  const yourCard = useRef<HTMLElement>(null);
  const scrolled = useRef(false);
  const data = remote.data;

  // The first answer after a start can come before the posters service has fetched ~600 posters
  // (the gateway waits 2 s, then answers without them, degraded). They keep arriving in its cache,
  // so ask once more a little later: the cards stay where they are, the images fill in.
  const postersLate = !!data?.degraded && data.problems.every((p) => p.part === "posters");
  const askedAgain = useRef(false);
  useEffect(() => {
    if (!postersLate || askedAgain.current) return;
    const timer = setTimeout(() => {
      askedAgain.current = true;
      remote.retry();
    }, POSTER_RETRY_MS);
    return () => clearTimeout(timer);
  }, [postersLate, remote.retry]);

  // Once both answers are in, bring the person's cluster into view, once per visit.
  useEffect(() => {
    if (yourId === null || !data || scrolled.current) return;
    scrolled.current = true;
    yourCard.current?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  }, [yourId, data]);

  const totalUsers = data?.items.reduce((sum, c) => sum + c.size, 0) ?? 0;
  return (
    <section className="section clusters" aria-labelledby="clusters-heading" aria-busy={remote.status === "loading"}>
      <div className="clusters__head">
        <h1 id="clusters-heading">Taste clusters</h1>
        <p className="muted">
          K-Means groups MovieLens users who rate alike. Each cluster’s favourites are what its recommendations draw on.
        </p>
        <YourClusterLine yours={yours} present={yourId !== null && !!data?.items.some((c) => c.clusterId === yourId)} onShow={() => yourCard.current?.scrollIntoView?.({ block: "start", behavior: "smooth" })} />
      </div>
      {remote.status === "loading" && (
        <div className="clusters__list" role="status" aria-label="Loading the clusters">
          <SkeletonCluster movies={SIGNATURE_COUNT} />
          <SkeletonCluster movies={SIGNATURE_COUNT} />
        </div>
      )}
      {remote.status === "error" && (
        <ErrorBox title="Couldn’t load the clusters" message={remote.error ?? ""} onRetry={remote.retry} />
      )}
      {data && (
        <>
          {data.degraded && (
            <Notice kind="warning" title="Partial answer: part of movierec is not responding right now.">
              <ProblemList problems={data.problems} />
            </Notice>
          )}
          <div className="clusters__list">
            {data.items.map((cluster) => (
              <ClusterCard
                key={cluster.clusterId}
                ref={cluster.clusterId === yourId ? yourCard : undefined}
                cluster={cluster}
                totalUsers={totalUsers}
                yours={cluster.clusterId === yourId}
              />
            ))}
          </div>
          {data.model && (
            <p className="modelline">
              Model: {data.model.name} {data.model.version.slice(0, 7)} · {data.items.length} clusters
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** One line, always there (so nothing below moves when it changes): where the person stands. */
function YourClusterLine({ yours, present, onShow }: { yours: YourCluster; present: boolean; onShow: () => void }) {
  let body;
  switch (yours.status) {
    case "too-few":
      body = (
        <>
          Rate {yours.missing} more movie{yours.missing === 1 ? "" : "s"} to see which cluster is yours.{" "}
          <Link to={RATE_PATH}>Rate movies</Link>
        </>
      );
      break;
    case "loading":
      body = (
        <>
          <span className="spinner" aria-hidden="true" /> Finding your cluster…
        </>
      );
      break;
    case "found":
      body = (
        <>
          Your ratings are closest to <strong>cluster #{yours.cluster.id}</strong> ({percent(yours.cluster.weight)} match).
          {present && (
            <button type="button" className="link clusters__show" onClick={onShow}>
              Show it
            </button>
          )}
        </>
      );
      break;
    case "unknown":
      body = <>K-Means could not place your ratings in a cluster right now.</>;
      break;
  }
  return (
    <p className="clusters__yours" role="status" data-testid="your-cluster">
      {body}
    </p>
  );
}
