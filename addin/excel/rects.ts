// The rectangle helpers are host-neutral and live in addin/host/rects.ts; Excel's callers import them here.
export * from "../host/rects.ts";
