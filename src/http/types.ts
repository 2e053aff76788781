import type { Principal } from '../auth/index.js';
import type { Logger } from '../logger.js';
import type { Runtime } from '../runtime.js';

/** Hono's typed context variables for every Satu route. */
export interface AppEnv {
  Variables: {
    runtime: Runtime;
    requestId: string;
    logger: Logger;
    principal: Principal;
  };
}
