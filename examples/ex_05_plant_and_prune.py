"""
Plant a ticket and test a pruner
================================

Plant 'n' Seek (Fischer & Burkholz, 2022) hides a known sparse ticket in a random mother network and asks whether
pruning algorithms find tickets that sparse. :func:`verify.plantnseek.plant` plants the Circle ticket so that
``ticket / scale`` equals the target exactly; :func:`verify.plantnseek.run_grid` prunes with each pruner to each
density, trains, and measures against the planted reference (resumable with ``out=``).

Worker processes: ``run_grid`` uses processes by default, so a *script* that calls it must guard its entry point
with ``if __name__ == "__main__":`` (Python's spawn start method re-imports the script in every worker). This
example uses threads, which need no guard.
"""

import numpy as np

from verify.plantnseek import Settings, plant, run_grid

planted = plant("circle", width=100, depth=5, seed=0)
x = np.random.default_rng(0).uniform(-1, 1, (1000, 2))
print("planted density:", planted.ground_truth_density())
print("largest relative deviation of ticket/scale from the target:", planted.exactness(x))


def main():
    # A small grid: two pruners, two densities and the planted density ("gt"), one repetition, short training.
    settings = Settings(width=50, epochs=2, samples=2000)
    result = run_grid(["circle"], ["magnitude", "synflow"], [0.1, 0.5, "gt"], reps=1, seed=0, settings=settings,
                      executor="local", workers=2)
    print(result.summary()[["pruner", "density_label", "pruned_accuracy", "trained_accuracy", "recall"]].to_string())


if __name__ == "__main__":
    main()
