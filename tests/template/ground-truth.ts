// Ground-truth checks shared by the template tests: a tally of named comparisons, the way the research
// decoder's verify.mjs counts them (numbers compared with a relative tolerance, arrays element-wise).
export class Tally {
  ok = 0;
  failures: string[] = [];

  check(what: string, actual: unknown, expected: unknown, tol = 1e-6): void {
    if (expected === undefined) return; // the ground truth says nothing about it
    const pass =
      Array.isArray(actual) && Array.isArray(expected) && actual.length === expected.length
        ? actual.every((x, i) => near(x, expected[i], tol))
        : near(actual, expected, tol);
    if (pass) this.ok++;
    else this.failures.push(`${what}: decoded=${JSON.stringify(actual)} expected=${JSON.stringify(expected)}`);
  }

  get total(): number {
    return this.ok + this.failures.length;
  }
}

function near(a: unknown, b: unknown, tol: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}
