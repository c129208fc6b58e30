/**
 * Layer boundaries of src/ (ARCHITECTURE: arrows point down only), checked by
 * `npm run lint:boundaries` in .ci/run.
 *
 *   entry           src/main.ts, src/app.ts, src/services.ts, src/context.ts
 *     ↓
 *   adapters        src/graphql, src/http, src/ingestion, src/realtime, src/jobs (never each other)
 *     ↓
 *   domain          src/domain                                           (no GraphQL packages)
 *     ↓
 *   infrastructure  src/db, src/warehouse, src/stats                     (stats: pure, no app imports)
 *     ↓
 *   leaves          src/config, src/lib, src/generated (Prisma client, Pothos types)
 *
 * A layer may import any layer below it, never one above. The one exception: adapters may name
 * the *types* of the bag the composition root hands them (Context in context.ts, Services in
 * services.ts) with `import type`, never their values. Within the domain, access/ is the base
 * (it imports no other domain module) and pure modules (rules, lifecycle, verdict, …) do no I/O.
 * "Only src/config/ reads process.env" is checked by eslint (eslint.config.js): a dependency
 * graph cannot see it.
 */
const ENTRY = '^src/(main|app|services|context)[.]ts$';
const ENTRY_BAG_TYPES = '^src/(services|context)[.]ts$';
const ADAPTERS = '^src/(graphql|http|ingestion|realtime|jobs)/';
const DOMAIN = '^src/domain/';
/** Domain modules without I/O: rules, state machines, verdicts, placement, stored shapes, ports. */
const PURE_DOMAIN = [
  '^src/domain/(errors|names)[.]ts$',
  '^src/domain/[^/]+/(rules|lifecycle|verdict|placement|definition|exposure|actor|scope)[.]ts$',
];
const INFRASTRUCTURE = '^src/(db|warehouse|stats)/';
const LEAVES = '^src/(config|lib)/';
const GRAPHQL_PACKAGES = '(^|/)node_modules/(graphql|graphql-yoga|graphql-ws|@pothos/[^/]+|@graphql-yoga/[^/]+|@envelop/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'adapter-imports-entry',
      severity: 'error',
      comment:
        'Adapters (graphql, ingestion, realtime, jobs) are wired by the composition root; they never import it. ' +
        'Only `import type` of the Context/Services bag types is allowed.',
      from: { path: ADAPTERS },
      to: { path: ENTRY, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapter-imports-entry-module',
      severity: 'error',
      comment: 'main.ts and app.ts are never imported by an adapter, not even for types.',
      from: { path: ADAPTERS },
      to: { path: ENTRY, pathNot: ENTRY_BAG_TYPES },
    },
    {
      name: 'adapter-imports-adapter',
      severity: 'error',
      comment:
        'Adapters do not import each other (graphql ↛ ingestion …): what one needs of another goes through a ' +
        'domain port or the services bag the composition root builds.',
      from: { path: ADAPTERS },
      to: { path: '^src/(graphql|ingestion|realtime|jobs)/', pathNot: '^src/$1/' },
    },
    {
      name: 'graphql-imports-warehouse-or-stats',
      severity: 'error',
      comment: 'Resolvers ask domain services (the results service uses the request\'s loaders); no SQL, no statistics in graphql/.',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(warehouse|stats)/' },
    },
    {
      name: 'domain-imports-up',
      severity: 'error',
      comment: 'The domain never imports entry modules or adapters; it is handed ports (functions/interfaces) instead.',
      from: { path: DOMAIN },
      to: { path: [ENTRY, ADAPTERS] },
    },
    {
      name: 'domain-imports-graphql-packages',
      severity: 'error',
      comment: 'Business rules know nothing of GraphQL, Yoga or Pothos.',
      from: { path: DOMAIN },
      to: { path: GRAPHQL_PACKAGES },
    },
    {
      name: 'domain-access-imports-domain',
      severity: 'error',
      comment:
        'access/ (actors, roles, scopes) is the base every domain module builds on: it imports no other domain ' +
        'module (what it needs of one, e.g. an environment by key, comes in as a port).',
      from: { path: '^src/domain/access/' },
      to: { path: DOMAIN, pathNot: '^src/domain/(access/|errors[.]ts$|names[.]ts$)' },
    },
    {
      name: 'domain-pure-imports-io',
      severity: 'error',
      comment:
        'Pure domain modules (rules, lifecycle, verdict, placement, definitions, ports) do no I/O: they import no ' +
        'service, store or Prisma client; enums come from generated/prisma/enums.ts.',
      from: { path: PURE_DOMAIN },
      to: {
        path: [
          '^src/domain/.*service[.]ts$',
          '^src/domain/.+/(versioning|config-cache)[.]ts$',
          '^src/(db|warehouse)/',
          '^src/generated/prisma/(client[.]ts$|internal/)',
        ],
      },
    },
    {
      name: 'infrastructure-imports-up',
      severity: 'error',
      comment: 'Stores (db, warehouse) and stats own their input types; they never import the domain, adapters or entry.',
      from: { path: INFRASTRUCTURE },
      to: { path: [ENTRY, ADAPTERS, DOMAIN] },
    },
    {
      name: 'stats-imports-app',
      severity: 'error',
      comment: 'stats/ is pure: plain numbers in, plain numbers out; it imports nothing from the app.',
      from: { path: '^src/stats/' },
      to: { path: '^src/', pathNot: '^src/stats/' },
    },
    {
      name: 'leaf-imports-app',
      severity: 'error',
      comment: 'config/ and lib/ are leaves with no domain knowledge: they import only each other.',
      from: { path: LEAVES },
      to: { path: '^src/', pathNot: LEAVES },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide which way an arrow points.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    // See `import type` edges too: a type import is still an arrow.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
