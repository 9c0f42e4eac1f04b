/**
 * The page: a shell (header, footer, the app state) around the screens, each at its own URL
 * (history routing): `/` to rate, `/recommendations`, `/clusters`, `/movies/:movieId`.
 */
import type { RouteObject } from "react-router";
import { useState } from "react";
import { Navigate, Outlet, ScrollRestoration, useLocation } from "react-router";
import { Header } from "./components/Header";
import { newOnboardingMemory, OnboardingMemoryContext } from "./components/Onboarding";
import { ClustersPage } from "./pages/ClustersPage";
import { MoviePage } from "./pages/MoviePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { RatePage } from "./pages/RatePage";
import { RecommendationsPage } from "./pages/RecommendationsPage";
import { CLUSTERS_PATH, legacyHashPath, MOVIE_PATH, RATE_PATH, RECOMMENDATIONS_PATH } from "./paths";
import { StoreContext } from "./state/context";
import { ratedList } from "./state/store";
import { useAppState } from "./state/useAppState";

export function Layout() {
  const store = useAppState();
  const [state, dispatch] = store;
  const [onboarding] = useState(newOnboardingMemory);
  const legacy = legacyHashPath(useLocation().hash);
  return (
    <StoreContext.Provider value={store}>
      <OnboardingMemoryContext.Provider value={onboarding}>
        <div className="app">
          <Header rated={ratedList(state).length} onReset={() => dispatch({ type: "reset" })} />
          {/* An old `#/...` bookmark: replaced before the screen behind it renders or fetches. */}
          <main className="page">{legacy ? <Navigate to={legacy} replace /> : <Outlet />}</main>
          <footer className="footer">Data: MovieLens (GroupLens). Your ratings stay in this browser.</footer>
        </div>
      </OnboardingMemoryContext.Provider>
      {/* A new page starts at the top; back and forward return to where the reader was. */}
      <ScrollRestoration />
    </StoreContext.Provider>
  );
}

export const routes: RouteObject[] = [
  {
    path: RATE_PATH,
    element: <Layout />,
    children: [
      { index: true, element: <RatePage /> },
      { path: RECOMMENDATIONS_PATH, element: <RecommendationsPage /> },
      { path: CLUSTERS_PATH, element: <ClustersPage /> },
      { path: MOVIE_PATH, element: <MoviePage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
