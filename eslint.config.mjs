import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

// What browser code may import from lib/: the shared shapes (types, zod, pure helpers) and the client's own modules.
const clientOnly = (allowed, message, modules = []) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        { regex: `^@/lib/(?!(${allowed.join("|")})/${modules.map((m) => `|${m}$`).join("")})`, message },
        { regex: "^(\\.\\./)+lib/", message: "Import lib/ through @/lib/… so the layer rule sees it." },
        { regex: "^@/(app|server)\\b", message },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", "lib/generated/", "test-results/", "playwright-report/", "next-env.d.ts", ".data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        // Conversation data reaches browsers only through lib/realtime/to-account.ts (one account's room).
        { selector: "MemberExpression[property.name='broadcast']", message: "No broadcasts: emit through toAccount(accountId)." },
        { selector: "CallExpression[callee.object.name='io'][callee.property.name='emit']", message: "io.emit reaches every client: use toAccount(accountId)." },
        { selector: "CallExpression[callee.object.property.name='sockets'][callee.property.name='emit']", message: "io.sockets.emit reaches every client: use toAccount(accountId)." },
        { selector: "CallExpression[callee.property.name='emit'][callee.object.callee.property.name=/^(to|in)$/]", message: "Emit to rooms only through toAccount(accountId) in lib/realtime/to-account.ts." },
      ],
    },
  },
  {
    // Import cycles fail lint. Type-only imports are erased and do not count.
    files: ["**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      // Without these, .ts dependencies are "ignored" and no cycle through them is ever seen.
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [
        createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".mjs"], tsconfig: { configFile: `${import.meta.dirname}/tsconfig.json` } }),
      ],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // Browser layers: components/ and hooks/ reach lib/ only through lib/shared and lib/client.
    files: ["components/**/*.{ts,tsx}", "hooks/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: clientOnly(["shared", "client"], "components/ and hooks/ import from lib/ only lib/shared/**, lib/client/** and lib/channels/metadata.", ["channels/metadata"]),
  },
  {
    // The channels' client-safe half: what the browser reaches through lib/channels/metadata.
    files: ["lib/channels/metadata.ts", "lib/channels/channel-meta.ts", "lib/channels/channel-ids.ts", "lib/channels/*/meta.ts", "lib/channels/*/credentials.ts", "lib/channels/*/window.ts", "lib/channels/*/attachments.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/lib/(?!shared/)", message: "Channel metadata is imported by the browser: it imports only lib/shared/** and the channels' meta/credentials files." },
            { regex: "^\\.{1,2}/(?!(channel-ids|channel-meta|types|credentials|meta|window|attachments|[a-z-]+/(meta|credentials|window|attachments))$)", message: "Channel metadata imports only the channels' meta/credentials files (client-safe)." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/client/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: clientOnly(["shared", "client"], "lib/client/ imports from lib/ only lib/shared/** and lib/client/**."),
  },
  {
    files: ["lib/shared/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: clientOnly(["shared"], "lib/shared/ is imported by the browser: it imports only lib/shared/**."),
  },
  {
    files: ["lib/realtime/to-account.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.test.ts", "e2e/**/*.ts", "bench/**/*.ts"],
    rules: { "no-restricted-syntax": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
