// The demo business: a seeded Indonesian fashion brand for first starts, walk-throughs and tests.
export { isCatalogEmpty, loadDemoBusiness, type DemoLoadResult, type DemoSummary } from './load.js';
export { planDemoBusiness, defaultDemoSeed, type DemoPlan, type DemoPlanOptions } from './plan.js';
export { withEan13CheckDigit } from './catalog.js';
