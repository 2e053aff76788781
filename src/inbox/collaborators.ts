// The two other modules the inbound pipeline calls, gathered in one place so that the pipeline's contract
// with them reads in one file.
export { resolveIdentityClaims, recordProfileField, listFieldSources } from '../cdp/index.js';
export { answerCustomerMessage } from '../bot/index.js';
