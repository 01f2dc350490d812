// A fetch that records each request and answers from a function, for the API clients' tests.
import type { FetchLike } from "../../client/http.ts";

export interface Seen {
  url: string;
  init: RequestInit;
}

export function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>): {
  fetch: FetchLike;
  seen: Seen[];
} {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (url, init = {}) => {
      seen.push({ url, init });
      return respond(url, init);
    },
  };
}

/** A JSON answer (problem+json from 400 on). */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers },
  });

/** The headers a request was sent with. */
export const sentHeaders = (seen: Seen): Record<string, string> =>
  seen.init.headers as Record<string, string>;
