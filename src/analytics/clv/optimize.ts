/** Settings for {@link minimizeNelderMead}. */
export interface NelderMeadOptions {
  /** Offset of each initial simplex vertex from the start point along one axis. */
  initialStep?: number;
  maxIterations?: number;
  /** Convergence bound on the spread of objective values across the simplex. */
  valueTolerance?: number;
  /** Convergence bound on the max coordinate distance from the best vertex. */
  pointTolerance?: number;
}

/** Outcome of a Nelder-Mead run: the best vertex found and how the run ended. */
export interface NelderMeadResult {
  point: number[];
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

// The standard Nelder-Mead coefficients for reflection, expansion, contraction and shrink.
const REFLECTION = 1;
const EXPANSION = 2;
const CONTRACTION = 0.5;
const SHRINK = 0.5;

interface Vertex {
  point: number[];
  value: number;
}

/**
 * Minimizes `objective` with the Nelder-Mead simplex method, without derivatives.
 * NaN objective values count as +Infinity, so an objective may return NaN
 * outside its domain. Stops when both tolerances hold or after `maxIterations`.
 */
export function minimizeNelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const dimension = start.length;
  if (dimension === 0) {
    throw new Error("Nelder-Mead start point is empty: pass at least one coordinate");
  }
  const initialStep = options.initialStep ?? 0.5;
  const maxIterations = options.maxIterations ?? 2000 * dimension;
  const valueTolerance = options.valueTolerance ?? 1e-9;
  const pointTolerance = options.pointTolerance ?? 1e-8;

  let evaluations = 0;
  const evaluate = (point: number[]): Vertex => {
    evaluations += 1;
    const value = objective(point);
    return { point, value: Number.isNaN(value) ? Infinity : value };
  };

  const simplex: Vertex[] = [evaluate([...start])];
  for (let axis = 0; axis < dimension; axis += 1) {
    const point = [...start];
    point[axis] = (point[axis] ?? 0) + initialStep;
    simplex.push(evaluate(point));
  }

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    simplex.sort(compareVertices);
    if (hasConverged(simplex, valueTolerance, pointTolerance)) {
      converged = true;
      break;
    }
    iterations += 1;

    const best = vertexAt(simplex, 0);
    const worst = vertexAt(simplex, dimension);
    const secondWorst = vertexAt(simplex, dimension - 1);
    const centroid = computeCentroid(simplex.slice(0, dimension));

    const reflected = evaluate(moveAlong(centroid, worst.point, -REFLECTION));
    if (reflected.value < best.value) {
      const expanded = evaluate(moveAlong(centroid, worst.point, -EXPANSION));
      simplex[dimension] = expanded.value < reflected.value ? expanded : reflected;
      continue;
    }
    if (reflected.value < secondWorst.value) {
      simplex[dimension] = reflected;
      continue;
    }

    // Contract outside when the reflected point beats the worst vertex, inside otherwise.
    const outside = reflected.value < worst.value;
    const contracted = outside
      ? evaluate(moveAlong(centroid, worst.point, -REFLECTION * CONTRACTION))
      : evaluate(moveAlong(centroid, worst.point, CONTRACTION));
    const contractionAccepted = outside
      ? contracted.value <= reflected.value
      : contracted.value < worst.value;
    if (contractionAccepted) {
      simplex[dimension] = contracted;
      continue;
    }

    for (let index = 1; index <= dimension; index += 1) {
      const vertex = vertexAt(simplex, index);
      simplex[index] = evaluate(moveAlong(best.point, vertex.point, SHRINK));
    }
  }

  simplex.sort(compareVertices);
  const best = vertexAt(simplex, 0);
  return { point: best.point, value: best.value, iterations, evaluations, converged };
}

// Plain subtraction would return NaN for two Infinity values and break the sort.
function compareVertices(left: Vertex, right: Vertex): number {
  if (left.value === right.value) {
    return 0;
  }
  return left.value < right.value ? -1 : 1;
}

function vertexAt(simplex: readonly Vertex[], index: number): Vertex {
  const vertex = simplex[index];
  if (vertex === undefined) {
    throw new Error(`simplex vertex ${index} is missing`);
  }
  return vertex;
}

function computeCentroid(vertices: readonly Vertex[]): number[] {
  const centroid = new Array<number>(vertexAt(vertices, 0).point.length).fill(0);
  for (const vertex of vertices) {
    vertex.point.forEach((coordinate, axis) => {
      centroid[axis] = (centroid[axis] ?? 0) + coordinate / vertices.length;
    });
  }
  return centroid;
}

/** Returns origin + coefficient × (target − origin). */
function moveAlong(origin: readonly number[], target: readonly number[], coefficient: number): number[] {
  return origin.map((coordinate, axis) => coordinate + coefficient * ((target[axis] ?? 0) - coordinate));
}

// Converged only when the simplex is both flat in value and small in extent.
function hasConverged(simplex: readonly Vertex[], valueTolerance: number, pointTolerance: number): boolean {
  const best = vertexAt(simplex, 0);
  for (const vertex of simplex.slice(1)) {
    if (!(Math.abs(vertex.value - best.value) <= valueTolerance)) {
      return false;
    }
    for (let axis = 0; axis < best.point.length; axis += 1) {
      if (Math.abs((vertex.point[axis] ?? 0) - (best.point[axis] ?? 0)) > pointTolerance) {
        return false;
      }
    }
  }
  return true;
}
