import { createContext, useContext } from "react";
import { apiBaseUrl, createApi, type Api } from "./client";

/** The API the components use; tests provide one pointed at their own server. */
export const ApiContext = createContext<Api>(createApi(apiBaseUrl));

export const useApi = (): Api => useContext(ApiContext);
