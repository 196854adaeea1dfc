// ESLint flat config: typescript-eslint's recommended rules over the whole monorepo, plus the
// dependency directions of shared/DESIGN.md as import rules, so a violation fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Which libraries each library may import (by alias), from DESIGN.md's "Which way dependencies run". */
const MAY_IMPORT = {
  infrastructure: [],
  'market-calendars': ['infrastructure'],
  handit: ['infrastructure', 'market-calendars'],
  letta: ['infrastructure'],
  langfuse: ['infrastructure'],
  langgraph: ['infrastructure', 'market-calendars', 'handit', 'letta'],
  'agent-coordinator': ['infrastructure', 'market-calendars', 'handit', 'letta'],
  'task-scheduler': ['infrastructure', 'market-calendars'],
  'monitoring-orchestrator': ['infrastructure'],
  // Prompts and evaluations sit at langgraph's level (DESIGN.md "Where new capabilities go").
  prompts: ['infrastructure', 'market-calendars', 'handit', 'langgraph', 'letta'],
  evaluations: ['infrastructure', 'market-calendars', 'handit', 'langgraph', 'letta'],
  // Webhooks react to domain events through EventCore; the gateway hands them the presented objects.
  webhooks: ['infrastructure'],
};
const LIBS = Object.keys(MAY_IMPORT);

/** A library's private files, reached by a path instead of its alias. */
const DEEP_IMPORTS = [
  {
    // `@app/<lib>/testing` is a library's second public face: shared suites and fixtures for tests.
    regex: '^@app/[a-z-]+/(?!testing$)',
    message: "Import a library by its alias only ('@app/<lib>', or '@app/<lib>/testing' from tests and benches).",
  },
  {
    regex: `(^|/)(libs/)?(${LIBS.join('|')})/src(/|$)`,
    message: "Import another library by its alias ('@app/<lib>'), never by a path into its src/.",
  },
];

/** Test files beside a library's code (unit and medium specs, contract suites) and its testing surface. */
const LIB_TEST_FILES = ['**/*.spec.ts', '**/*-spec.ts', '**/src/testing/**'];

function importRules(lib, { tests }) {
  const forbidden = LIBS.filter((other) => other !== lib && !MAY_IMPORT[lib].includes(other));
  const patterns = [
    ...DEEP_IMPORTS,
    { regex: '(^|/)apps/', message: 'No library imports apps/: the gateway composes the libraries, not the reverse.' },
  ];
  if (!tests) {
    patterns.push({ regex: '^@app/[a-z-]+/testing$', message: 'Production code never imports a testing surface.' });
  }
  if (forbidden.length) {
    patterns.push({
      regex: `^@app/(${forbidden.join('|')})$`,
      message: MAY_IMPORT[lib].length
        ? `${lib} may import only ${MAY_IMPORT[lib].map((l) => `@app/${l}`).join(', ')} (DESIGN.md).`
        : `${lib} imports no other library (DESIGN.md).`,
    });
  }
  const files = tests ? LIB_TEST_FILES.map((glob) => `libs/${lib}/${glob}`) : [`libs/${lib}/**/*.ts`];
  return {
    files,
    ...(tests ? {} : { ignores: LIB_TEST_FILES }),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'libs/client/dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'artifacts/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Nest's factory-provider signatures and Kysely's untyped schemas legitimately use `any` at the edges.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  ...LIBS.map((lib) => importRules(lib, { tests: false })),
  ...LIBS.map((lib) => importRules(lib, { tests: true })),
  // The client is a package of its own: it imports only its npm dependencies, never the service's code.
  {
    files: ['libs/client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@app/|(^|/)(apps|libs)/',
              message: 'The client package must not import the service (it is published on its own).',
            },
          ],
        },
      ],
    },
  },
  // The gateway, tests and benches reach a library through its alias only.
  {
    files: ['apps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: DEEP_IMPORTS }] },
  },
);
