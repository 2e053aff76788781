import { minimizeNelderMead } from "./optimize.js";

/** Maximum-likelihood estimate of strictly positive parameters. */
export interface PositiveParameterFit {
  parameters: number[];
  logLikelihood: number;
  /** Nelder-Mead iterations summed over all restarts. */
  iterations: number;
}

// A restart builds a fresh simplex around the best point, because a collapsed
// simplex can report convergence before it reaches the optimum.
const MAX_RESTARTS = 10;
const RESTART_GAIN_TOLERANCE = 1e-7;

/**
 * Maximizes `logLikelihood` over strictly positive parameters by running
 * Nelder-Mead on their logarithms, starting from `initial`.
 * Throws when a run hits its iteration limit or no finite likelihood is found.
 */
export function fitPositiveParameters(
  modelName: string,
  logLikelihood: (parameters: readonly number[]) => number,
  initial: readonly number[],
): PositiveParameterFit {
  const objective = (logParameters: readonly number[]): number =>
    -logLikelihood(logParameters.map(Math.exp));

  let start = initial.map(Math.log);
  let bestValue = Infinity;
  let iterations = 0;
  for (let restart = 0; restart <= MAX_RESTARTS; restart += 1) {
    const run = minimizeNelderMead(objective, start);
    iterations += run.iterations;
    if (!run.converged) {
      throw new Error(
        `${modelName} fit failed to converge after ${run.iterations} Nelder-Mead iterations ` +
          `(log-likelihood ${-run.value}); check the input for degenerate customers`,
      );
    }
    const gain = bestValue - run.value;
    start = run.point;
    bestValue = run.value;
    if (gain <= RESTART_GAIN_TOLERANCE) {
      break;
    }
  }

  if (!Number.isFinite(bestValue)) {
    throw new Error(`${modelName} fit failed: the log-likelihood is not finite at any tried parameters`);
  }
  return { parameters: start.map(Math.exp), logLikelihood: -bestValue, iterations };
}
