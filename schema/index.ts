// The table as code, shared by the add-in, the server and the web page.
export * from "./model.ts";
export * from "./text.ts";
export * from "./statuses.ts";
export * from "./units.ts";
export * from "./layout.ts";
export * from "./messages.ts";
export * from "./validate.ts";
export * from "./rows.ts";
export * from "./metadata.ts";
export * from "./conflicts.ts";
