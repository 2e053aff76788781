export { readDashboardAsset } from './assets.js';
export { renderDashboardPage, renderSignInPage, type Locale } from './pages.js';
