// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";

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
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The host interface and the pane's pure logic sit below both hosts: no Office.js, no WPS, no pane.
    files: ["addin/host/**/*.ts", "addin/taskpane/logic/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["**/excel/**", "**/wps/**", "**/actions/**", "**/taskpane/app.ts"] },
      ],
    },
  },
  {
    // Each host knows only itself and the host interface.
    files: ["addin/excel/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/wps/**", "**/taskpane/**"] }] },
  },
  {
    files: ["addin/wps/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/excel/**", "**/taskpane/**"] }] },
  },
);
