"""The training loop: minibatches, evaluation every k steps, the early-stopping iteration, masks respected.

``history = train(net, data, optimizer=Adam(lr=1.2e-3), epochs=50, batch=60, seed=0, eval_every=100)`` updates
``net``'s raw parameters in place and returns a :class:`History`.

* Minibatches: epoch e visits the training set in the order of a permutation drawn from
  ``(seed, PURPOSE_TRAINING, block e)``, in consecutive batches of ``batch`` (the last one may be smaller); a run of
  ``steps`` iterations continues through as many epochs as it needs.  ``seed`` only orders the data: the initial
  parameters are the network's.  Same network, data and seed → bitwise-identical parameters afterwards.
* One *iteration* is one optimiser step.  Evaluations happen at iteration 0 (before any step), every
  ``eval_every`` iterations, and after the last one.  Each records the validation loss and accuracy, the test loss and
  accuracy, and the mean minibatch training loss since the previous evaluation (each minibatch loss measured before
  its own step).
* The **early-stopping iteration** (Frankle & Carbin 2019: "the iteration of minimum validation loss", evaluated
  every 100 iterations in their LeNet runs) is the evaluated iteration with the smallest validation loss (the first
  one on ties); :attr:`History.early_stop` is the evaluation there (the paper reports accuracy at that iteration).
  Training is not stopped there: the loop records it.
* Masks: a masked entry is never updated (its optimiser state is held at 0), so it keeps its value — exactly 0 in
  a ticket made with :func:`verify.nets.masks.reset` or :meth:`Network.with_masks`.  A callback may change the masks
  (``net.set_masks``, e.g. pruning during training); the loop uses the new masks from the next step on.
* Per-example test outcomes (opt-in, ``test_outcomes=True``): at every evaluation whose validation loss is a new
  minimum (the same order as :attr:`History.early_stop`: strictly smaller, so the first one on ties), the loop keeps
  the outcome of every test example — correct (bool) for classification, the squared error summed over the outputs
  (float64) for regression (:func:`verify.nets.losses.example_outcomes`) — computed from the outputs the test
  evaluation has already produced; :attr:`History.test_outcome` is the one at the early-stopping iteration.  Its
  mean is the recorded test accuracy exactly (classification) or K times the test MSE up to rounding (regression).
  Off by default, at no cost: nothing else is computed or stored.
* ``callback(evaluation, net)`` runs after every evaluation (pruning methods record what they need there); if it
  returns ``True`` training stops after that evaluation.
* BLAS runs single-threaded inside the loop (``threads``; ``None`` leaves BLAS alone): at these matrix sizes
  threads cost more than they gain, and one thread makes the products independent of the machine's core count.
* A tqdm progress bar appears on stderr once a run has lasted more than a second (``progress=False``: never); when
  stderr is not a terminal it is a plain line every 30 s instead (:func:`verify.executors.progress_bar`).
* A non-finite loss stops the run with :class:`TrainingDiverged` (an ``InvalidInput``: lower the learning rate).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from verify.data import Dataset, Split
from verify.errors import InvalidInput
from verify.executors import blas_threads
from verify.memory import require
from verify.nets import losses
from verify.nets.layered import LayerArrays
from verify.nets.network import Network, backward, check_network_matches, forward
from verify.streams import PURPOSE_TRAINING, check_seed, stream
from verify.train.optim import Adam
from verify.validate import check_int, format_count

EVAL_CHUNK = 4096  # rows per forward pass during evaluation (memory bound only; results do not depend on it)


class TrainingDiverged(InvalidInput):
    """The training loss became NaN or infinite."""


@dataclass(frozen=True)
class Evaluation:
    """Metrics at one evaluated iteration (accuracies only for classification; ``None`` where not measured)."""

    iteration: int
    epoch: float
    train_loss: float | None
    validation_loss: float | None
    validation_accuracy: float | None
    test_loss: float
    test_accuracy: float | None
    learning_rate: float | None
    seconds: float


@dataclass
class History:
    """Everything a training run measured."""

    evaluations: list[Evaluation]
    iterations: int
    steps_per_epoch: int
    batch: int
    seed: int
    loss: str
    seconds: float = 0.0
    stopped_by_callback: bool = False
    settings: dict = field(default_factory=dict)
    optimizer_state: object = field(default=None, repr=False, compare=False)
    # per-example test outcomes at the early-stopping iteration (``train(..., test_outcomes=True)``), else None
    test_outcome: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def early_stop(self) -> Evaluation | None:
        """The evaluation of minimum validation loss (first on ties); ``None`` without a validation split."""
        scored = [e for e in self.evaluations if e.validation_loss is not None]
        if not scored:
            return None
        return min(scored, key=lambda e: (e.validation_loss, e.iteration))

    @property
    def early_stop_iteration(self) -> int | None:
        best = self.early_stop
        return None if best is None else best.iteration

    @property
    def final(self) -> Evaluation:
        return self.evaluations[-1]

    def table(self):
        """The evaluations as a pandas DataFrame (one row per evaluated iteration)."""
        import pandas as pd

        return pd.DataFrame([asdict(e) for e in self.evaluations])

    def to_dict(self) -> dict:
        """A JSON-ready summary: settings, final and early-stopping metrics, all evaluations."""
        best = self.early_stop
        return {
            "settings": self.settings, "iterations": self.iterations, "steps_per_epoch": self.steps_per_epoch,
            "batch": self.batch, "seed": self.seed, "loss": self.loss, "seconds": self.seconds,
            "stopped_by_callback": self.stopped_by_callback,
            "early_stop_iteration": self.early_stop_iteration,
            "final": asdict(self.final), "early_stop": None if best is None else asdict(best),
            "evaluations": [asdict(e) for e in self.evaluations],
        }

    def __repr__(self) -> str:
        final = self.final
        metric = (f"test accuracy {final.test_accuracy:.4f}" if final.test_accuracy is not None
                  else f"test loss {final.test_loss:.4g}")
        return (f"History({self.iterations} iterations, {metric}, early stop at {self.early_stop_iteration}, "
                f"{self.seconds:.1f} s)")


def evaluate(net: Network, split: Split, loss: str, output_scale=None) -> tuple[float, float | None]:
    """(mean loss, accuracy or ``None``) of ``net`` on ``split``, the outputs first multiplied by ``output_scale``
    (a number or one factor per output; ``None``: 1) — Plant 'n' Seek scores a planted network on f(x)·s, s the
    inverse of its output scales.  Overflow in a diverged network gives an infinite or NaN loss, not a warning."""
    value, accuracy, _ = _evaluate(net, split, loss, output_scale)
    return value, accuracy


def _evaluate(net: Network, split: Split, loss: str, output_scale=None):
    """:func:`evaluate` and the outputs it computed them from."""
    effective = net.effective()
    outputs = np.concatenate([forward(effective, split.x[start:start + EVAL_CHUNK]).outputs
                              for start in range(0, len(split), EVAL_CHUNK)])
    if output_scale is not None:
        outputs = outputs * output_scale
    with np.errstate(over="ignore", invalid="ignore"):
        value = losses.loss_value(loss, outputs, split.y)
    return value, (losses.accuracy(outputs, split.y) if loss == "cross_entropy" else None), outputs


def _mask_view(net: Network):
    """(the masks object, flat keep-arrays in optimiser order, whether raw masked entries are all exactly 0)."""
    keep = tuple(k.reshape(-1) for k in net.mask_arrays().arrays())
    return net.masks, keep, _raw_masked_entries_are_zero(net)


def _raw_masked_entries_are_zero(net: Network) -> bool:
    masks = net.masks
    if masks is None:
        return True
    pairs = list(zip(net.weights, masks.weights))
    if masks.biases is not None:
        pairs += list(zip(net.biases, masks.biases))
    return all(not np.any(p[~m]) for p, m in pairs)


class StepBuffers:
    """The arrays one training step writes, allocated once per run and reused by every step (a step computes the
    same operations into them that it would into fresh arrays, so the same bits): the minibatch inputs, the layer
    outputs h_1..h_{L−1}, f and the back-propagated δ_1..δ_{L−1} (``batch`` rows each; a shorter last minibatch
    uses the leading rows), the gradients (shaped like the parameters, with flat views in optimiser order) and,
    for a masked network whose raw masked entries are not all zero, the effective parameters W ⊙ M, b ⊙ m."""

    def __init__(self, params: LayerArrays, batch: int):
        widths = [w.shape[0] for w in params.weights]
        self.x = np.empty((batch, params.weights[0].shape[1]))
        self.layers = [np.empty((batch, n)) for n in widths]
        self.deltas = [np.empty((batch, n)) for n in widths[:-1]]
        self.gradients = params.map(np.empty_like)
        self.flat_gradients = tuple(g.reshape(-1) for g in self.gradients.arrays())
        self._effective: LayerArrays | None = None

    def effective(self, net: Network) -> LayerArrays:
        """:meth:`Network.effective` written into reused arrays (the same products)."""
        p, m = net.params, net.masks
        if self._effective is None:
            self._effective = p.map(np.empty_like)
        weights = tuple(np.multiply(w, k, out=e) for w, k, e in zip(p.weights, m.weights, self._effective.weights))
        if p.biases is None or m.biases is None:
            return LayerArrays(weights, p.biases)
        return LayerArrays(weights, tuple(np.multiply(b, k, out=e)
                                          for b, k, e in zip(p.biases, m.biases, self._effective.biases)))


#: Bytes one entry of a training history holds (an :class:`Evaluation` of nine numbers with its object overhead):
#: an upper estimate, for the memory guard on the number of evaluations a run will record.
EVALUATION_BYTES = 1024


def train(net: Network, data: Dataset, *, optimizer=None, loss: str | None = None, epochs: int | None = None,
          steps: int | None = None, batch: int = 60, seed: int = 0, eval_every: int | None = None,
          callback=None, progress: bool = True, threads: int | None = 1, test_outcomes: bool = False) -> History:
    """Train ``net`` in place on ``data.train``; see the module docstring.

    ``optimizer``: an :class:`verify.train.optim.Adam` or :class:`verify.train.optim.SGD` (default ``Adam(lr=1e-3)``);
    ``loss``: ``"cross_entropy"`` or ``"mse"`` (default: the dataset's); exactly one of ``epochs`` and ``steps``;
    ``eval_every``: iterations between evaluations (default: one epoch); ``test_outcomes``: keep the per-example test
    outcomes at the early-stopping iteration (:attr:`History.test_outcome`; needs a validation split).
    """
    if not isinstance(net, Network):
        raise InvalidInput(f"net must be a Network, got {type(net).__name__}")
    if not isinstance(data, Dataset):
        raise InvalidInput(f"data must be a Dataset, got {type(data).__name__}")
    check_network_matches(net, data.n_inputs, data.n_outputs, f"data {data.name!r}")
    optimizer = Adam() if optimizer is None else optimizer
    if not hasattr(optimizer, "start"):
        raise InvalidInput(f"optimizer must be an Adam or SGD configuration, got {type(optimizer).__name__}")
    loss = data.loss if loss is None else losses.check_loss(loss)
    if (loss == "cross_entropy") != data.is_classification:
        raise InvalidInput(f"loss {loss!r} does not fit the {data.task} task {data.name!r}")
    if (epochs is None) == (steps is None):
        raise InvalidInput("give exactly one of epochs= and steps=")
    batch = check_int("batch", batch, 1)
    seed = check_seed(seed)
    n_train = len(data.train)
    steps_per_epoch = math.ceil(n_train / batch)
    total = (check_int("epochs", epochs, 1) * steps_per_epoch if epochs is not None
             else check_int("steps", steps, 1))
    eval_every = steps_per_epoch if eval_every is None else check_int("eval_every", eval_every, 1)
    evaluations = total // eval_every + 2
    require(f"training for {format_count(total)} iterations with an evaluation every {format_count(eval_every)}",
            [(f"{format_count(evaluations)} evaluation records", EVALUATION_BYTES * evaluations)],
            advice="use fewer iterations or evaluate less often")
    if callback is not None and not callable(callback):
        raise InvalidInput("callback must be callable as callback(evaluation, net)")
    if test_outcomes and data.validation is None:
        raise InvalidInput(f"test_outcomes are kept at the early-stopping iteration, which needs a validation split; "
                           f"data {data.name!r} has none")

    history = History([], 0, steps_per_epoch, batch, seed, loss, settings={
        "optimizer": {"name": type(optimizer).__name__, **asdict(optimizer)}, "loss": loss, "batch": batch,
        "seed": seed, "epochs": epochs, "steps": total, "eval_every": eval_every, "data": data.name,
        "widths": list(net.widths)})
    # float64 inputs (a copy only for other dtypes: the products would convert each minibatch to float64 anyway)
    x_train, y_train = np.asarray(data.train.x, dtype=np.float64), data.train.y
    # the dataset checked its labels / targets once; the loss of every step trusts them (same arithmetic)
    if loss == "cross_entropy":
        y_train, loss_and_gradient = y_train.astype(np.intp, copy=False), losses.cross_entropy_and_gradient
    else:
        y_train, loss_and_gradient = np.asarray(y_train, dtype=np.float64), losses.mse_and_gradient
    params = net.params
    buffers = StepBuffers(params, min(batch, n_train))
    state = optimizer.start(params.arrays())
    masks_in_use, keep, effective_is_raw = _mask_view(net)
    started = time.perf_counter()
    running_sum, running_count, lr = 0.0, 0, None
    best = {"key": None}  # the early-stopping candidate so far (test_outcomes only)

    def record(iteration: int) -> bool:
        nonlocal running_sum, running_count
        validation = evaluate(net, data.validation, loss) if data.validation is not None else (None, None)
        test = _evaluate(net, data.test, loss)
        if test_outcomes:
            key = (validation[0], iteration)  # History.early_stop's order: min() keeps the first smallest key
            if best["key"] is None or key < best["key"]:
                best["key"] = key
                history.test_outcome = losses.example_outcomes(loss, test[2], data.test.y)
        evaluation = Evaluation(
            iteration=iteration, epoch=iteration / steps_per_epoch,
            train_loss=running_sum / running_count if running_count else None,
            validation_loss=validation[0], validation_accuracy=validation[1],
            test_loss=test[0], test_accuracy=test[1], learning_rate=lr,
            seconds=time.perf_counter() - started)
        history.evaluations.append(evaluation)
        running_sum, running_count = 0.0, 0
        return bool(callback(evaluation, net)) if callback is not None else False

    from verify.executors import progress_bar

    # Overflow inside a diverging step is reported as TrainingDiverged (the loss is checked every step).
    bar = progress_bar(total, bool(progress), "step", f"train {data.name}")
    with np.errstate(over="ignore", invalid="ignore"), blas_threads(threads), bar:
        stop = record(0)
        permutation = None
        iteration = 0
        while iteration < total and not stop:
            epoch, position = divmod(iteration, steps_per_epoch)
            if position == 0:
                permutation = stream(seed, PURPOSE_TRAINING, epoch).permutation(n_train)
            rows = permutation[position * batch:(position + 1) * batch]
            x = np.take(x_train, rows, axis=0, out=buffers.x[:len(rows)], mode="clip")  # = x_train[rows]
            effective = params if effective_is_raw else buffers.effective(net)
            trace = forward(effective, x, out=buffers.layers)
            value, delta = loss_and_gradient(trace.outputs, y_train[rows])
            if not math.isfinite(value):
                raise TrainingDiverged(f"training diverged at iteration {iteration + 1} (loss {value}); "
                                       f"lower the learning rate (lr={optimizer.lr:g})")
            backward(trace, delta, out=buffers.gradients, scratch=buffers.deltas)
            lr = state.step(buffers.flat_gradients, keep, total)
            iteration += 1
            running_sum += value
            running_count += 1
            if iteration % eval_every == 0 or iteration == total:
                stop = record(iteration)
                bar.set_postfix_str(_postfix(history.evaluations[-1]), refresh=False)
                if net.masks is not masks_in_use:  # a callback pruned (net.set_masks): use the new masks from here
                    masks_in_use, keep, effective_is_raw = _mask_view(net)
            bar.update(1)
    history.iterations = iteration
    history.stopped_by_callback = stop
    history.optimizer_state = state
    history.seconds = time.perf_counter() - started
    return history


def _postfix(evaluation: Evaluation) -> str:
    if evaluation.validation_loss is None:
        return f"test loss {evaluation.test_loss:.4g}"
    return f"val loss {evaluation.validation_loss:.4g}"
