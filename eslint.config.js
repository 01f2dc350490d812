// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";

// The folder rules of docs/architecture.md, enforced: what each part may import.
const NODE_BUILTINS = {
  group: ["node:*"],
  message: "Node APIs stay out of this folder (docs/architecture.md).",
};
const SERVER_LIBRARIES = {
  group: ["express", "multer", "helmet", "pino", "exceljs", "better-sqlite3", "mssql"],
  message: "Server libraries stay out of this folder (docs/architecture.md).",
};
const DATABASE_DRIVERS = {
  group: ["better-sqlite3", "mssql", "**/store/sqlite/**", "**/store/mssql/**"],
  message: "Only sync-server/store/ speaks SQL; go through the Store interface.",
};
const HTTP = {
  group: ["express", "multer", "helmet", "**/http/**"],
  message: "Use-cases know no HTTP: routes parse and answer, use-cases decide.",
};
const OTHER_PARTS = (...parts) => ({
  group: parts.map((part) => `**/${part}/**`),
  message: "This part may not reach into that one (docs/architecture.md).",
});
const restrict = (...patterns) => ["error", { patterns }];
const MAX_LINES_PER_FUNCTION = ["error", { max: 80, skipBlankLines: true, skipComments: true }];
const PANE_RULES = [NODE_BUILTINS, SERVER_LIBRARIES, OTHER_PARTS("sync-server", "web")];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "test-artifacts/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: "readonly", process: "readonly", URL: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["schema/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        NODE_BUILTINS,
        SERVER_LIBRARIES,
        OTHER_PARTS("sync-server", "addin", "web"),
      ),
      // Pure: no DOM, no Office, no Node globals either.
      "no-restricted-globals": [
        "error",
        "window",
        "document",
        "navigator",
        "localStorage",
        "fetch",
        "Office",
        "Excel",
        "Buffer",
        "process",
      ],
    },
  },
  {
    files: ["sync-server/**/*.ts"],
    ignores: ["sync-server/store/**"],
    rules: { "no-restricted-imports": restrict(DATABASE_DRIVERS) },
  },
  {
    files: ["sync-server/use-cases/**/*.ts"],
    rules: { "no-restricted-imports": restrict(DATABASE_DRIVERS, HTTP) },
  },
  {
    // What the task pane and the web page share as clients: browser code both may import, which
    // imports neither of them (nor the server, Node or Office) and reads the wire types from schema/.
    files: ["client/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        NODE_BUILTINS,
        SERVER_LIBRARIES,
        OTHER_PARTS("sync-server", "addin", "web"),
      ),
      "no-restricted-globals": ["error", "window", "document", "Office", "Excel", "Buffer", "process"],
    },
  },
  {
    files: ["web/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(NODE_BUILTINS, SERVER_LIBRARIES, OTHER_PARTS("sync-server", "addin")),
    },
  },
  {
    files: ["addin/**/*.ts"],
    // The manifest tools run in Node at build time, not in the pane.
    ignores: ["addin/manifest/**"],
    rules: {
      "no-restricted-imports": restrict(NODE_BUILTINS, SERVER_LIBRARIES, OTHER_PARTS("sync-server", "web")),
    },
  },
  {
    // The page, the clients' shared code and the server in small pieces too (issue 14); tests and bench/
    // are exempt (they live elsewhere).
    files: ["web/**/*.ts", "client/**/*.ts", "sync-server/**/*.ts"],
    rules: { "max-lines-per-function": MAX_LINES_PER_FUNCTION },
  },
  {
    files: ["addin/**/*.ts"],
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/no-context-sync-in-loop": "error",
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-navigational-load": "error",
      "office-addins/no-office-initialize": "error",
      "office-addins/no-empty-load": "error",
      "office-addins/test-for-null-using-isNullObject": "error",
      // The pane stays in small pieces (issue 14): no function over ~80 lines.
      "max-lines-per-function": MAX_LINES_PER_FUNCTION,
    },
  },
  {
    // The host interface and the pane's pure logic sit below both hosts: no Office.js, no WPS, no pane.
    // (A later no-restricted-imports replaces an earlier one, so each block repeats the pane's rules.)
    files: ["addin/host/**/*.ts", "addin/taskpane/logic/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(...PANE_RULES, {
        group: ["**/excel/**", "**/wps/**", "**/actions/**", "**/taskpane/app.ts"],
        message: "The host interface and the pane's logic know no host and no pane.",
      }),
    },
  },
  {
    // Each host knows only itself and the host interface.
    files: ["addin/excel/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(...PANE_RULES, {
        group: ["**/wps/**", "**/taskpane/**"],
        message: "The Excel host knows only itself and the host interface.",
      }),
    },
  },
  {
    files: ["addin/wps/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(...PANE_RULES, {
        group: ["**/excel/**", "**/taskpane/**"],
        message: "The WPS host knows only itself and the host interface.",
      }),
    },
  },
);
