"""``slth train``: train a numpy network on the digits or a Plant 'n' Seek task and report test metrics.

Defaults follow the papers: digits — 64-300-100-10 (LeNet-300-100's shape on 8×8 inputs), Gaussian Glorot weights,
zero biases, Adam lr 1.2e-3, batch 60, 30 epochs (Frankle & Carbin 2019); relu / circle / helix — 3 hidden layers of
width 100 (the Plant 'n' Seek code's "depth 5"), He normal weights with the product bias scheme, Adam lr 1e-3,
batch 32, 10 epochs (Fischer & Burkholz 2022); mnist (``--mnist`` names your IDX directory or ``.npz``) —
LeNet-300-100 with the digits settings, 55 epochs (about the paper's 50,000 iterations).  ``--optimizer sgd``
means momentum 0.9, weight decay 5e-4 and a cosine schedule (their edge-popup setting), lr 0.01 unless ``--lr``
says otherwise.  One ``--seed`` drives the initialisation, the synthetic data and the minibatch order (separate
streams).
"""

from __future__ import annotations

import argparse
import json
import sys

from verify.cli import args as cli_args

DATA_CHOICES = ("digits", "mnist5k", "relu", "circle", "helix", "mnist")
DEFAULTS = {
    "digits": {"arch": [64, 300, 100, 10], "epochs": 30, "batch": 60, "lr": 1.2e-3, "init": "glorot_normal",
               "bias_init": "zeros"},
    "relu": {"arch": [1, 100, 100, 100, 1], "epochs": 10, "batch": 32, "lr": 1e-3, "init": "he_normal",
             "bias_init": "product"},
    "circle": {"arch": [2, 100, 100, 100, 4], "epochs": 10, "batch": 32, "lr": 1e-3, "init": "he_normal",
               "bias_init": "product"},
    "helix": {"arch": [1, 100, 100, 100, 3], "epochs": 10, "batch": 32, "lr": 1e-3, "init": "he_normal",
              "bias_init": "product"},
    # LeNet-300-100 on the 3,500 training images of MNIST-5k: 30 epochs at batch 60 (1,750 iterations)
    "mnist5k": {"arch": [784, 300, 100, 10], "epochs": 30, "batch": 60, "lr": 1.2e-3, "init": "glorot_normal",
                "bias_init": "zeros"},
    # LeNet-300-100 as in the paper; 55 epochs of the 55,000 training images at batch 60 ≈ its 50,000 iterations.
    "mnist": {"arch": [784, 300, 100, 10], "epochs": 55, "batch": 60, "lr": 1.2e-3, "init": "glorot_normal",
              "bias_init": "zeros"},
}
SGD_LR = 0.01


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, choices=DATA_CHOICES,
                        help="dataset or task; mnist reads your files (--mnist)")
    parser.add_argument("--mnist", metavar="DIR|FILE.npz", default=None,
                        help="with --data mnist: a directory of the four IDX files (plain or .gz) or an .npz with "
                             "x_train, y_train, x_test, y_test")
    parser.add_argument("--arch", type=cli_args.int_list, default=None, metavar="N0,N1,...,NL",
                        help="layer widths including input and output (default 64,300,100,10 for digits; "
                             "n_in,100,100,100,n_out for relu, circle, helix)")
    parser.add_argument("--epochs", type=cli_args.positive_int, default=None,
                        help="passes over the training set (default 30 for digits, 10 for the tasks)")
    parser.add_argument("--optimizer", choices=("adam", "sgd"), default="adam",
                        help="adam (default) or sgd (momentum 0.9, weight decay 5e-4, cosine schedule)")
    parser.add_argument("--lr", type=cli_args.positive_float, default=None,
                        help="learning rate (default: adam 1.2e-3 for digits, 1e-3 for the tasks; sgd 0.01)")
    parser.add_argument("--batch", type=cli_args.positive_int, default=None,
                        help="minibatch size (default 60 for digits, 32 for the tasks)")
    parser.add_argument("--seed", type=cli_args.nonnegative_int, default=0, help="random seed (default 0)")
    parser.add_argument("--eval-every", type=cli_args.positive_int, default=None, metavar="K",
                        help="iterations between evaluations (default: one epoch)")
    parser.add_argument("--init", choices=("uniform", "he_normal", "glorot_normal", "kaiming_uniform"), default=None,
                        help="weight initialisation (default: glorot_normal for digits, he_normal otherwise)")
    parser.add_argument("--out", metavar="FILE.npz", help="save the trained network (schema slth-verify/network v1)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from verify.data import load_dataset
    from verify.errors import InvalidInput
    from verify.nets.network import Network
    from verify.train.loop import train
    from verify.train.optim import SGD, Adam

    defaults = DEFAULTS[args.data]
    arch = args.arch if args.arch is not None else defaults["arch"]
    if len(arch) < 2 or any(n < 1 for n in arch):
        raise InvalidInput(f"--arch {','.join(map(str, arch))} must be at least two positive widths")
    cli_args.check_output_file(args.out)
    data = load_dataset(args.data, seed=args.seed, path=args.mnist)
    if arch[0] != data.n_inputs or arch[-1] != data.n_outputs:
        raise InvalidInput(f"--arch {','.join(map(str, arch))} does not fit --data {args.data}: it must start with "
                           f"{data.n_inputs} inputs and end with {data.n_outputs} outputs")
    init = args.init or defaults["init"]
    net = Network.init(arch, init=init, bias=True, bias_init=defaults["bias_init"], seed=args.seed)
    if args.optimizer == "adam":
        optimizer = Adam(lr=args.lr if args.lr is not None else defaults["lr"])
    else:
        optimizer = SGD(lr=args.lr if args.lr is not None else SGD_LR, momentum=0.9, weight_decay=5e-4,
                        schedule="cosine")
    epochs = args.epochs if args.epochs is not None else defaults["epochs"]
    batch = args.batch if args.batch is not None else defaults["batch"]
    history = train(net, data, optimizer=optimizer, epochs=epochs, batch=batch, seed=args.seed,
                    eval_every=args.eval_every, progress=True)
    document = _summary(args, data, arch, init, defaults["bias_init"], optimizer, epochs, batch, history)
    if args.out is not None:
        net.save(args.out, metadata={k: v for k, v in document.items() if k != "out"})
    if args.json:
        json.dump(document, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(_format(document))
    return 0


def _summary(args, data, arch, init, bias_init, optimizer, epochs, batch, history) -> dict:
    from dataclasses import asdict

    final, best = history.final, history.early_stop
    document = {
        "data": args.data, "arch": list(arch), "init": init, "bias_init": bias_init,
        "optimizer": {"name": args.optimizer, **asdict(optimizer)}, "epochs": epochs, "batch": batch,
        "seed": args.seed, "iterations": history.iterations, "eval_every": history.settings["eval_every"],
        "train_size": len(data.train), "validation_size": len(data.validation) if data.validation else 0,
        "test_size": len(data.test), "early_stop_iter": history.early_stop_iteration,
        "validation_loss_min": None if best is None else best.validation_loss,
    }
    if data.is_classification:
        document["test_accuracy"] = final.test_accuracy
        document["test_loss"] = final.test_loss
        document["test_accuracy_at_early_stop"] = None if best is None else best.test_accuracy
    else:
        document["test_mse"] = final.test_loss
        document["test_mse_at_early_stop"] = None if best is None else best.test_loss
    document["seconds"] = round(history.seconds, 3)
    document["out"] = args.out
    return document


def _format(document: dict) -> str:
    arch = "-".join(map(str, document["arch"]))
    lines = [f"{document['data']}: {arch} network, {document['optimizer']['name']} lr {document['optimizer']['lr']:g}, "
             f"{document['epochs']} epochs of batch {document['batch']} ({document['iterations']} iterations), "
             f"seed {document['seed']}"]
    if "test_accuracy" in document:
        lines.append(f"test accuracy {document['test_accuracy']:.4f} (loss {document['test_loss']:.4g}); at the "
                     f"early-stopping iteration {document['early_stop_iter']}: "
                     f"{document['test_accuracy_at_early_stop']:.4f}")
    else:
        lines.append(f"test MSE {document['test_mse']:.4g}; at the early-stopping iteration "
                     f"{document['early_stop_iter']}: {document['test_mse_at_early_stop']:.4g}")
    lines.append(f"{document['seconds']:.2f} s" + (f"; saved to {document['out']}" if document["out"] else ""))
    return "\n".join(lines)
