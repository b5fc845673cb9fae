import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    files: ["lib/realtime/to-account.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.test.ts", "e2e/**/*.ts", "bench/**/*.ts"],
    rules: { "no-restricted-syntax": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
