// Entry of the browser bundle (bundle.ts): WPS's globals in a page. Playwright injects it with
// addInitScript after putting a snapshot on globalThis.__KEYWORK_WPS_SNAPSHOT__; window.__wpsHost
// exposes snapshot() and tabs() to the test.
import { installWpsHost } from "./host.ts";
import type { WorkbookSnapshot } from "../excel-host/snapshot.ts";

interface HostGlobals {
  __KEYWORK_WPS_SNAPSHOT__?: WorkbookSnapshot;
  __wpsHost?: unknown;
}

const scope = globalThis as HostGlobals;
scope.__wpsHost = installWpsHost(globalThis, scope.__KEYWORK_WPS_SNAPSHOT__);
