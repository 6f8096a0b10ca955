// `npm run lint` (scripts/lint.ts) and the lint suite of `npm test`: typescript-eslint
// with type information over all TypeScript, and React's hooks rules over the React code.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const REACT_CODE = ["app/**/*.tsx", "components/**/*.tsx", "lib/client/**/*.ts"];

export default tseslint.config(
  { ignores: ["node_modules/", ".next*/", "data/", "test-results/", "playwright-report/", "next-env.d.ts", "redis-module/", "python-client/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  { files: REACT_CODE, ...reactHooks.configs.flat.recommended },
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Prettier lays code out within 160 columns; this keeps comments there too. Strings stay
      // whole (messages, class lists, embedded Python), since splitting them hides what they say.
      "max-len": ["error", { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  { files: REACT_CODE, rules: { "react-hooks/exhaustive-deps": "error" } },
  // Playwright reads a fixture's dependencies from its first parameter's pattern, so one
  // without dependencies must be written `async ({}, use)`.
  { files: ["e2e/**/*.ts"], rules: { "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }] } },
  // Plain-JS files (configs, the npm ci bootstrap) are not in tsconfig's program; they get the syntax rules only.
  { files: ["**/*.mjs"], ...tseslint.configs.disableTypeChecked },
  { files: ["**/*.mjs"], languageOptions: { globals: globals.node } },
);
