// Lint rules: typescript-eslint's recommended set, the house rules of docs/style (named exports only), and
// the boundaries of src/ that the README's "Developing" section promises (issue 17): which files may use each
// library (core no-restricted-imports), and which folders may import which (the typescript-eslint rule of the
// same name). Two rule names, because flat config replaces a rule's options in every block that matches a file.
// Last, the environment: only src/config/ reads process.env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The only places that may import each library: a folder (`dir/**`) or one file.
const GITHUB = ['src/bot/**', 'src/reporters/github-checks.ts'];
const ADAPTERS = {
  dockerode: ['src/runner/sandbox/docker/**'],
  bullmq: ['src/queue/**'],
  ioredis: ['src/store/**', 'src/queue/**'],
  probot: GITHUB,
  '@octokit/*': GITHUB,
  'simple-git': ['src/runner/git/**'],
  'tar-stream': ['src/archive/**', 'src/runner/sandbox/results-reader.ts'],
  handlebars: ['src/reporters/scoreboard/views.ts', 'src/reporters/staff/staff-views.ts'],
  'markdown-it': ['src/reporters/safe-markdown.ts', 'src/reporters/safe-markdown-inline.ts'],
  yauzl: ['src/importers/gradescope/read-zip.ts'],
  '@bull-board/*': ['src/queue/queue-board.ts'],
};

// The layers of src/, lowest first: a folder may import its own layer and lower ones, never a higher one.
const LAYERS = [
  ['text', 'fs', 'config', 'log', 'metrics', 'faults.ts', 'version.ts'],
  ['course', 'results', 'exec', 'archive'],
  ['scoring'],
  ['standings', 'gradebook', 'jobs'],
  ['store', 'queue'],
  // The intake queues submissions and does their bookkeeping, so it sits above store/ and queue/.
  ['runner', 'images', 'importers', 'reporters', 'jobs/intake.ts'],
  ['bot'],
  ['cli'],
];
// Inside src/runner, the same way: the sandbox and git, then grading, then the daemon.
const RUNNER_LAYERS = [['sandbox', 'git'], ['grade'], ['daemon']];
// Imports the layers allow in part only.
const IMPORTERS_USE_SANDBOX_CONTRACT = {
  // `**/runner/**` would exclude sandbox/ itself, and an excluded folder's files cannot be let back in.
  group: ['**/runner/**/*.js', '!**/runner/sandbox/sandbox.js'],
  message: 'importers may use the runner only through its Sandbox contract, runner/sandbox/sandbox.ts.',
};
// results/ sits below jobs/, but a stored result carries the job that produced it: its type, never its code.
const TYPE_ONLY = [{ file: 'src/results/stored-result.ts', of: 'jobs' }];

const libraryRule = (restricted) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: restricted.map((library) => ({
        group: [library],
        message: `${library} is used by ${ADAPTERS[library].join(', ')} only (README, "Developing").`,
      })),
    },
  ],
});

/** One block per place of ADAPTERS, nested places last, each allowing every library of the places around it. */
function libraryBlocks() {
  const covers = (place, glob) =>
    place === glob || (place.endsWith('/**') && glob.startsWith(place.slice(0, -2)));
  const depth = (glob) => glob.split('/').length - (glob.endsWith('/**') ? 1 : 0);
  const places = [...new Set(Object.values(ADAPTERS).flat())].sort((a, b) => depth(a) - depth(b));
  const libraries = Object.keys(ADAPTERS);
  return [
    { files: ['src/**/*.ts'], rules: libraryRule(libraries) },
    ...places.map((place) => ({
      files: [place.endsWith('/**') ? `${place}/*.ts` : place],
      rules: libraryRule(libraries.filter((library) => !ADAPTERS[library].some((p) => covers(p, place)))),
    })),
  ];
}

const files = (dir, name) => [name.endsWith('.ts') ? `${dir}/${name}` : `${dir}/${name}/**/*.ts`];
const importOf = (name) => (name.endsWith('.ts') ? `**/${name.slice(0, -3)}.js` : `**/${name}/**`);

/** For each name of `layers` (folders of `dir`), the patterns of everything in a higher layer. */
function higherPatterns(dir, layers) {
  return layers.flatMap((layer, level) =>
    layer.map((name) => {
      const higher = layers.slice(level + 1).flat();
      const message = (above) => `${dir}/${name} may not import ${above}: a higher layer (eslint.config.js).`;
      return [name, higher.map((above) => ({ group: [importOf(above)], message: message(above), above }))];
    }),
  );
}

const layerRule = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: patterns.map(({ above: _, ...p }) => p) },
  ],
});

/** One block per folder of LAYERS, then per folder of RUNNER_LAYERS (which keeps runner's own patterns). */
function layerBlocks() {
  const top = new Map(higherPatterns('src', LAYERS));
  top.set('importers', [...top.get('importers'), IMPORTERS_USE_SANDBOX_CONTRACT]);
  const runner = higherPatterns('src/runner', RUNNER_LAYERS).map(([name, own]) => [
    `runner/${name}`,
    [...top.get('runner'), ...own],
  ]);
  const typeOnly = TYPE_ONLY.map(({ file, of }) => {
    const folder = file.split('/')[1];
    const patterns = top.get(folder).map((p) => (p.above === of ? { ...p, allowTypeImports: true } : p));
    return { files: [file], rules: layerRule(patterns) };
  });
  return [
    ...[...top, ...runner].map(([name, patterns]) => ({
      files: files('src', name),
      rules: layerRule(patterns),
    })),
    ...typeOnly,
  ];
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/**/submissions/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  { files: ['eslint.config.js', 'vitest.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
  ...libraryBlocks(),
  ...layerBlocks(),
  {
    // Settings are read once, by the readers of src/config/ (issue 17); tests and scripts may set and read freely.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Read settings through src/config/ (docs/settings.md), where every default is written once.',
        },
      ],
    },
  },
);
