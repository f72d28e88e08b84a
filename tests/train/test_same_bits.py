"""The training engine computes the same bits as the plain numpy training step it replaced.

Every committed lottery-ticket result was produced by a loop that called the forward pass, the loss and the
backward pass on fresh arrays and updated one parameter array per kernel call.  The engine now reuses buffers,
fuses element-wise steps into kernels and updates all arrays in one call; none of that may change a single bit.
The oracles here are written in the test from the documented rules (``verify.nets.network``, ``verify.nets.losses``,
``verify.train.optim`` docstrings) as numpy array expressions, in the operation order the docstrings give:

* one optimiser step over several arrays against the update rule per array (Hypothesis: shapes, masks, steps,
  weight decay, momentum, Nesterov, schedules);
* a whole ``train()`` run against a reference loop (permutation per epoch from ``PURPOSE_TRAINING``, minibatches
  in order, forward / loss / backward / update as numpy expressions, a callback pruning mid-run): final weights,
  optimiser moments and every recorded loss, bit for bit.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.data import Dataset
from verify.nets import masks as M
from verify.nets.network import Network
from verify.streams import PURPOSE_TRAINING, stream
from verify.train.loop import train
from verify.train.optim import SGD, Adam


def bits(a):
    return np.ascontiguousarray(a, dtype=np.float64).view(np.uint64)


def same_bits(a, b) -> bool:
    return np.shape(a) == np.shape(b) and np.array_equal(bits(a), bits(b))


def schedule(lr, name, t, total):
    return lr if name == "constant" else lr * 0.5 * (1.0 + math.cos(math.pi * (t - 1) / total))


class ReferenceAdam:
    """Adam with L2 decay as numpy expressions on one array at a time: g ← k(g + λw), m ← k(β₁m + (1−β₁)g),
    v ← k(β₂v + (1−β₂)g²), w ← w − (η_t/(1−β₁^t)) · m / (√v / √(1−β₂^t) + ε), k the mask as 1.0 / 0.0."""

    def __init__(self, config, params):
        self.c, self.params, self.t = config, params, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads, keep, total):
        c = self.c
        self.t += 1
        lr = schedule(c.lr, c.schedule, self.t, total)
        step_size = lr / (1.0 - c.beta1 ** self.t)
        sqrt_bc2 = math.sqrt(1.0 - c.beta2 ** self.t)
        for w, g, m, v, k in zip(self.params, grads, self.m, self.v, keep):
            kept = k.astype(np.float64)
            grad = kept * (g + c.weight_decay * w)
            m[...] = kept * (c.beta1 * m + (1.0 - c.beta1) * grad)
            v[...] = kept * (c.beta2 * v + (1.0 - c.beta2) * (grad * grad))
            w[...] = w - step_size * (m / (np.sqrt(v) / sqrt_bc2 + c.eps))

    def moments(self):
        return [[m, v] for m, v in zip(self.m, self.v)]


class ReferenceSGD:
    """SGD as numpy expressions: g ← k(g + λw); u ← g at t = 1, else k(μu + g); w ← w − η_t (g + μu or u)."""

    def __init__(self, config, params):
        self.c, self.params, self.t = config, params, 0
        self.u = [np.zeros_like(p) for p in params]

    def step(self, grads, keep, total):
        c = self.c
        self.t += 1
        lr = schedule(c.lr, c.schedule, self.t, total)
        for w, g, u, k in zip(self.params, grads, self.u, keep):
            kept = k.astype(np.float64)
            grad = kept * (g + c.weight_decay * w)
            if c.momentum != 0.0:
                u[...] = grad if self.t == 1 else kept * (c.momentum * u + grad)
                grad = grad + c.momentum * u if c.nesterov else u.copy()
            w[...] = w - lr * grad

    def moments(self):
        return [[u] for u in self.u]


def reference_state(optimizer, params):
    return (ReferenceAdam if isinstance(optimizer, Adam) else ReferenceSGD)(optimizer, params)


optimizers = st.one_of(
    st.builds(Adam, lr=st.sampled_from([1e-3, 3e-2]), weight_decay=st.sampled_from([0.0, 1e-3]),
              schedule=st.sampled_from(["constant", "cosine"])),
    st.builds(SGD, lr=st.sampled_from([0.05, 0.5]), momentum=st.sampled_from([0.0, 0.9]),
              weight_decay=st.sampled_from([0.0, 5e-4]), schedule=st.sampled_from(["constant", "cosine"])),
    st.builds(SGD, lr=st.just(0.1), momentum=st.just(0.9), nesterov=st.just(True),
              weight_decay=st.sampled_from([0.0, 5e-4])))


@st.composite
def update_runs(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    shapes = draw(st.lists(st.one_of(st.tuples(st.integers(1, 40)), st.tuples(st.integers(1, 9), st.integers(1, 9))),
                           min_size=1, max_size=6))
    steps = draw(st.integers(1, 6))
    density = draw(st.floats(0.0, 1.0))
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=s) for s in shapes]
    grads = [[rng.normal(size=s) * rng.choice([0.0, 1.0, -1e-300, 1e3], size=s) for s in shapes]
             for _ in range(steps)]
    keep = [rng.random(s) < density for s in shapes]
    return params, grads, keep, draw(optimizers)


@given(update_runs())
def test_one_call_over_all_arrays_is_the_update_rule_per_array(run):
    params, grads, keep, optimizer = run
    mine = [p.copy() for p in params]
    theirs = [p.copy() for p in params]
    state, reference = optimizer.start(mine), reference_state(optimizer, theirs)
    as_tuple = tuple(keep)  # the loop passes the same tuple every step; a list is prepared afresh
    for i, g in enumerate(grads):
        state.step(g if i % 2 else tuple(g), as_tuple, total_steps=len(grads))
        reference.step(g, keep, len(grads))
    assert all(same_bits(a, b) for a, b in zip(mine, theirs))
    for ours, expected in zip(state.moments(), reference.moments()):
        assert all(same_bits(a.reshape(b.shape), b) for a, b in zip(ours, expected))


def test_a_reused_tuple_sees_its_arrays_change():
    """The prepared flat views of a tuple passed again are views: new gradient values in the same arrays count."""
    w = [np.zeros(3), np.zeros((2, 2))]
    grads = (np.ones(3), np.ones((2, 2)))
    keep = (np.ones(3, bool), np.ones((2, 2), bool))
    state = SGD(lr=1.0).start(w)
    state.step(grads, keep, 2)
    grads[0][:] = 2.0
    grads[1][:] = 3.0
    state.step(grads, keep, 2)
    assert np.all(w[0] == -3.0) and np.all(w[1] == -4.0)
    copies = (np.ones(3, np.int64), np.ones((2, 2), np.int64))  # converted (a copy): must not be reused stale
    state.step(grads, copies, 2)
    copies[0][:] = 0
    state.step(grads, copies, 2)
    assert np.all(w[0] == -5.0) and np.all(w[1] == -10.0)


# -- a whole run against a reference loop ------------------------------------------------------------------------
def reference_train(net, data, optimizer, loss, epochs, batch, seed, eval_every, prune_at=None):
    """The loop of ``verify.train.loop`` as plain numpy: returns the minibatch losses and the optimiser state."""
    params = net.params.arrays()
    state = reference_state(optimizer, params)
    n = len(data.train)
    per_epoch = math.ceil(n / batch)
    total = epochs * per_epoch
    losses_seen = []
    for iteration in range(total):
        epoch, position = divmod(iteration, per_epoch)
        if position == 0:
            permutation = stream(seed, PURPOSE_TRAINING, epoch).permutation(n)
        rows = permutation[position * batch:(position + 1) * batch]
        x, y = data.train.x[rows], data.train.y[rows]
        masks = net.mask_arrays()
        weights = [w * k for w, k in zip(net.weights, masks.weights)]
        biases = None if net.biases is None else [b * k for b, k in zip(net.biases, masks.biases)]
        inputs, h = [], x
        for i, w in enumerate(weights):  # h_i = σ(h_{i−1} W̃ᵀ + b̃), the last layer linear
            inputs.append(h)
            z = h @ w.T
            if biases is not None:
                z = z + biases[i]
            h = np.maximum(z, 0.0) if i < len(weights) - 1 else z
        if loss == "cross_entropy":  # log-softmax with the row maximum subtracted; ∂L/∂O = (softmax − onehot)/B
            shifted = h - h.max(axis=1, keepdims=True)
            logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            value = float(-np.mean(logp[np.arange(len(rows)), y]))
            delta = np.exp(logp)
            delta[np.arange(len(rows)), y] -= 1.0
            delta /= len(rows)
        else:  # mean over all B·K entries; ∂L/∂O = 2(O − Y)/(BK)
            residual = h - y
            value = float(np.mean(residual * residual))
            delta = residual * (2.0 / residual.size)
        losses_seen.append(value)
        grad_w, grad_b = [None] * len(weights), [None] * len(weights)
        for i in range(len(weights) - 1, -1, -1):  # G = δᵀh, g = Σ_b δ, δ ← (δ W̃) ⊙ 1[h > 0]
            grad_w[i] = delta.T @ inputs[i]
            grad_b[i] = delta.sum(axis=0)
            if i:
                delta = (delta @ weights[i]) * (inputs[i] > 0.0)
        state.step(grad_w + (grad_b if biases is not None else []), masks.arrays(), total)
        if prune_at is not None and (iteration + 1) % eval_every == 0 and iteration + 1 in prune_at:
            prune_at[iteration + 1](net)
    return losses_seen, state


def classification(n_in, classes, n, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(n, n_in)), rng.integers(0, classes, n)
    return Dataset.from_arrays("c", "classification", (x[:-40], y[:-40]), (x[-40:], y[-40:]), n_outputs=classes)


def regression(n_in, outputs, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_in))
    y = np.tanh(x[:, :outputs]) + 0.1 * rng.normal(size=(n, outputs))
    return Dataset.from_arrays("r", "regression", (x[:-40], y[:-40]), (x[-40:], y[-40:]))


def prune_to(density, zero):
    def prune(net):
        net.set_masks(M.prune(M.magnitude_scores(net), net.masks, density=density))
        if zero:
            net.zero_pruned()
    return prune


CASES = {
    "adam, cross-entropy, biases": (dict(bias=True), Adam(lr=3e-3), "c", None, None),
    "adam, mse, no biases, cosine, decay": (dict(bias=False), Adam(lr=2e-3, weight_decay=1e-3, schedule="cosine"),
                                             "r", None, None),
    "sgd nesterov, masked raw entries kept": (dict(bias=True), SGD(lr=0.05, momentum=0.9, nesterov=True,
                                                                   weight_decay=5e-4), "c", "raw", None),
    "sgd, mse, ticket (zeroed), cosine": (dict(bias=True), SGD(lr=0.02, momentum=0.9, schedule="cosine"), "r",
                                          "zero", None),
    "adam, pruned twice during training": (dict(bias=True), Adam(lr=3e-3), "c", None,
                                           {8: prune_to(0.6, False), 16: prune_to(0.4, True)}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_train_is_the_reference_loop_bit_for_bit(name):
    build, optimizer, task, masking, prune_at = CASES[name]
    data = classification(6, 4, 250, 1) if task == "c" else regression(6, 3, 250, 1)
    widths = [6, 12, 9, data.n_outputs]
    net = Network.init(widths, init="he_normal", bias_init="product" if build["bias"] else "zeros", seed=4,
                       **build)
    if masking:
        masks = M.random_masks(net, [0.6, 0.5, 0.7], seed=5, biases=build["bias"])
        net = net.with_masks(masks, zero_pruned=masking == "zero")
    reference_net = net.copy()
    batch, epochs, eval_every = 16, 2, 4  # 210 training rows: the last minibatch of an epoch has 2

    def callback(evaluation, network):
        if prune_at and evaluation.iteration in prune_at:
            prune_at[evaluation.iteration](network)

    history = train(net, data, optimizer=optimizer, epochs=epochs, batch=batch, seed=9, eval_every=eval_every,
                    callback=callback, progress=False)
    seen, reference = reference_train(reference_net, data, optimizer, data.loss, epochs, batch, seed=9,
                                      eval_every=eval_every, prune_at=prune_at)
    assert history.iterations == len(seen)
    assert all(same_bits(a, b) for a, b in zip(net.params.arrays(), reference_net.params.arrays()))
    for ours, expected in zip(history.optimizer_state.moments(), reference.moments()):
        assert all(same_bits(a.reshape(b.shape), b) for a, b in zip(ours, expected))
    # every evaluation's mean minibatch loss, from the reference's per-step losses in the same summation order
    for before, evaluation in zip(history.evaluations, history.evaluations[1:]):
        window = seen[before.iteration:evaluation.iteration]
        assert evaluation.train_loss == sum(window, 0.0) / len(window)
