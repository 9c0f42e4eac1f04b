/** The whole app (all its routes) at a URL, in a memory router the test can drive. */
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { routes } from "../App";
import type { Api } from "../api/client";
import { ApiContext } from "../api/context";

export function renderAt(path: string, api: Api) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const rendered = render(
    <ApiContext.Provider value={api}>
      <RouterProvider router={router} />
    </ApiContext.Provider>,
  );
  return { ...rendered, router };
}
