/**
 * Gradient-boosted regression trees on the logistic loss (Newton leaf values, as in XGBoost),
 * small enough to read: a few dozen dense history features, tens of thousands of rows. Each
 * feature is cut into at most `bins` quantile bins once, so finding a split is one histogram pass
 * per node. Deterministic: no row or feature sampling, ties broken by feature then bin order.
 *
 * Stored as plain arrays (JSON), evaluated without this file's training code.
 */

export interface BoostingOptions {
  trees: number;
  depth: number;
  learningRate: number;
  /** Smallest sum of hessians p(1-p) in a leaf: guards against leaves of a handful of rows. */
  minLeafHessian: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  bins?: number;
}

/** One tree, nodes in arrays: `feature` -1 marks a leaf whose value is `value`. */
export interface StoredTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface BoostedTrees {
  bias: number;
  trees: StoredTree[];
}

/** Log-odds of the ensemble for one row: `x[feature] <= threshold` goes left. */
export function predictBoosted(model: BoostedTrees, x: ArrayLike<number>): number {
  let z = model.bias;
  for (const tree of model.trees) {
    let node = 0;
    while (tree.feature[node]! >= 0) node = x[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    z += tree.value[node]!;
  }
  return z;
}

export function fitBoostedTrees(rows: readonly Float64Array[], labels: readonly number[], options: BoostingOptions): BoostedTrees {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const positives = labels.reduce((a, b) => a + b, 0);
  const base = Math.min(1 - 1e-6, Math.max(1e-6, (positives + 0.5) / (n + 1)));
  const bias = Math.log(base / (1 - base));
  if (n === 0 || d === 0) return { bias, trees: [] };

  const { codes, cuts } = binFeatures(rows, d, options.bins ?? 64);
  const z = new Float64Array(n).fill(bias);
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n);
  const trees: StoredTree[] = [];
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < options.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-z[i]!));
      gradient[i] = p - labels[i]!;
      hessian[i] = Math.max(p * (1 - p), 1e-12);
    }
    const tree: StoredTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const splitBins: number[] = [];
    growNode(tree, all, 0, { codes, cuts, d, gradient, hessian, options, splitBins });
    for (let i = 0; i < n; i++) {
      let node = 0;
      while (tree.feature[node]! >= 0) node = codes[i * d + tree.feature[node]!]! <= splitBins[node]! ? tree.left[node]! : tree.right[node]!;
      z[i]! += tree.value[node]!;
    }
    trees.push(tree);
  }
  return { bias, trees };
}

interface GrowContext {
  codes: Uint8Array;
  cuts: Float64Array[];
  d: number;
  gradient: Float64Array;
  hessian: Float64Array;
  options: BoostingOptions;
  /** Per node of the tree being grown: the bin its threshold cuts at (training only). */
  splitBins: number[];
}

/** Index of the first bin whose upper cut is at least `value`. */
function binOf(cuts: Float64Array, threshold: number): number {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! < threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function growNode(tree: StoredTree, rows: Int32Array, depth: number, c: GrowContext): number {
  const node = tree.feature.length;
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  let g = 0;
  let h = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    g += c.gradient[i]!;
    h += c.hessian[i]!;
  }
  const { lambda, learningRate, minLeafHessian } = c.options;
  tree.value.push((-g / (h + lambda)) * learningRate);
  if (depth >= c.options.depth || h < 2 * minLeafHessian) return node;

  const parentGain = (g * g) / (h + lambda);
  let best = { gain: 1e-9, feature: -1, bin: -1 };
  for (let f = 0; f < c.d; f++) {
    const bins = c.cuts[f]!.length;
    if (bins < 2) continue;
    const hg = new Float64Array(bins);
    const hh = new Float64Array(bins);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      const b = c.codes[i * c.d + f]!;
      hg[b]! += c.gradient[i]!;
      hh[b]! += c.hessian[i]!;
    }
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < bins - 1; b++) {
      gl += hg[b]!;
      hl += hh[b]!;
      const hr = h - hl;
      if (hl < minLeafHessian || hr < minLeafHessian) continue;
      const gr = g - gl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentGain;
      if (gain > best.gain) best = { gain, feature: f, bin: b };
    }
  }
  if (best.feature < 0) return node;
  const f = best.feature;
  const leftRows = rows.filter((i) => c.codes[i * c.d + f]! <= best.bin);
  const rightRows = rows.filter((i) => c.codes[i * c.d + f]! > best.bin);
  tree.feature[node] = f;
  tree.threshold[node] = c.cuts[f]![best.bin]!;
  c.splitBins[node] = best.bin;
  tree.left[node] = growNode(tree, leftRows, depth + 1, c);
  tree.right[node] = growNode(tree, rightRows, depth + 1, c);
  return node;
}

/**
 * Quantile bins per feature. `cuts[f][b]` is the largest value in bin b, so "x <= cut" at scoring
 * time sends a row exactly where training sent it, whatever values fall between cuts.
 */
function binFeatures(rows: readonly Float64Array[], d: number, maxBins: number): { codes: Uint8Array; cuts: Float64Array[] } {
  const n = rows.length;
  const codes = new Uint8Array(n * d);
  const cuts: Float64Array[] = [];
  const column = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) column[i] = rows[i]![f]!;
    const sorted = Float64Array.from(column).sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
    let upper: number[];
    if (distinct.length <= maxBins) {
      upper = distinct;
    } else {
      const picked = new Set<number>();
      for (let b = 1; b <= maxBins; b++) picked.add(sorted[Math.min(n - 1, Math.floor((b * n) / maxBins) - 1)]!);
      picked.add(sorted[n - 1]!);
      upper = [...picked].sort((a, b) => a - b);
    }
    const fc = Float64Array.from(upper);
    cuts.push(fc);
    for (let i = 0; i < n; i++) codes[i * d + f] = binOf(fc, column[i]!);
  }
  return { codes, cuts };
}
