#!/usr/bin/python3
"""Cross-check match_bench's optimal total with scipy's linear_sum_assignment.

Reads graph files written by `match_bench --dump DIR` (first line: mentees,
mentors, arcs, the engine's total; then one capacity per mentor; then one
"mentee mentor score" line per arc), expands every mentor into as many
columns as it has slots, and solves the dense rectangular assignment with
maximize=True. A missing arc is a 0 in the matrix: taking it adds nothing,
exactly like staying unmatched, so the optimum value is the same. Only for
sizes whose dense matrix fits (mentees x slots <= --max-cells).

usage: scipy_check.py [--max-cells N] [--machine] FILE...
(--machine prints only "total seconds" per file, for match_bench)
exit status 0 when every total agrees, 1 otherwise.
"""
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def check(path, max_cells, machine=False):
    with open(path) as f:
        n, m, e, total = (int(x) for x in f.readline().split())
        slots = [int(f.readline()) for _ in range(m)]
        arcs = np.loadtxt(f, dtype=np.int64, ndmin=2) if e else np.zeros((0, 3), np.int64)
    first = np.concatenate(([0], np.cumsum(slots)))
    cols = int(first[-1])
    if n * cols > max_cells:
        if not machine:
            print(f"{path}: {n} x {cols} slot matrix too large, skipped")
        return True
    w = np.zeros((n, max(cols, 1)), dtype=np.int64)
    for i, j, s in arcs:
        w[i, first[j]:first[j + 1]] = s
    t0 = time.perf_counter()
    rows, cs = linear_sum_assignment(w, maximize=True)
    dt = time.perf_counter() - t0
    best = int(w[rows, cs].sum())
    ok = best == total
    if machine:
        print(best, f"{dt:.3f}")
        return ok
    print(f"{path}: scipy linear_sum_assignment {best} in {dt:.3f} s, "
          f"mentord {total}: {'EQUAL' if ok else 'DIFFERENT'}")
    return ok


def main(argv):
    max_cells = 50_000_000
    machine = False
    files = []
    it = iter(argv)
    for a in it:
        if a == "--max-cells":
            max_cells = int(next(it))
        elif a == "--machine":
            machine = True
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    return 0 if all([check(p, max_cells, machine) for p in files]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
