"""The rough edges of the tour: what a paper-grade build will do is said before it starts, the rss table explains
'-' and uncovered paths, the verdict table keeps its columns, confidences print one way."""

import json

import pytest

from figures import runner
from verify.cli import main


def test_the_plan_says_what_is_stored_what_is_computed_and_what_it_cost(tmp_path):
    runner.build("mini", only=["rss_phase_transition"], out=tmp_path, progress=False, draw=False)
    text = runner.describe_plan("mini", only=["rss_phase_transition", "bounds_landscape"], out=tmp_path)
    assert text.startswith("profile mini: 1 of 2 figures stored")
    assert "to compute: bounds_landscape (cost not measured on this machine yet)" in text
    assert "to compute: rss_phase_transition" not in text
    # without its results file the figure is to compute again, and its last measured cost is shown
    cost = json.loads(runner.cost_path(tmp_path, "mini", "rss_phase_transition").read_text())
    runner.results_path(tmp_path, "mini", "rss_phase_transition").unlink()
    text = runner.describe_plan("mini", only=["rss_phase_transition"], out=tmp_path)
    assert f"to compute: rss_phase_transition (last computed in {cost['seconds']:.0f} s on this machine)" in text
    assert "finished chunk(s)" in text and "rerun to resume" in text
    # a cost measured with other parameters is not this figure's cost
    runner.cost_path(tmp_path, "mini", "rss_phase_transition").write_text(json.dumps({"key": "0" * 64,
                                                                                       "seconds": 5.0}))
    assert "cost not measured" in runner.describe_plan("mini", only=["rss_phase_transition"], out=tmp_path)


def test_slth_paper_full_prints_the_plan_before_it_starts(tmp_path, capsys, monkeypatch):
    from paper import builder
    from verify.errors import InvalidInput

    started = []

    def build(*args, **kwargs):
        started.append(capsys.readouterr().err)  # what had been printed when the computation would begin
        raise InvalidInput("stopped by the test")

    monkeypatch.setattr(builder, "build", build)
    code = main(["paper", "--figures-out", str(tmp_path / "figs"), "--out", str(tmp_path / "paper")])
    assert code == 2 and started
    assert f"profile full: 0 of {len(runner.names())} figures stored" in started[0]
    assert "estimated cost:" in started[0] and "hours" in started[0]


def test_slth_paper_quick_prints_no_plan(tmp_path, capsys, monkeypatch):
    from paper import builder
    from verify.errors import InvalidInput

    monkeypatch.setattr(builder, "build", lambda *a, **k: (_ for _ in ()).throw(InvalidInput("stopped")))
    main(["paper", "--quick", "--figures-out", str(tmp_path / "figs"), "--out", str(tmp_path / "paper")])
    assert "profile quick" not in capsys.readouterr().err


def test_rss_table_explains_uncovered_paths_and_a_bracket_beyond_n_max(capsys):
    code = main(["rss", "--law", "pensia-mixture", "--eps", "1e-3", "--trials", "1000", "--n-max", "30"])
    out = capsys.readouterr().out
    assert code == 0
    row = next(line for line in out.splitlines() if line.strip().startswith("1e-03"))
    assert "(>30)" in row and "[-, -]" in row and "31" not in row.split()[3]
    assert "paths are not covered within n_max = 30" in out and "mean n* counts them as 31" in out
    assert "rerun with a larger --n-max (e.g. --n-max 60)" in out
    assert "rows n where some P_n(eps) is strictly between 0 and 1" in out


def test_rss_table_says_nothing_about_n_max_when_everything_is_covered(capsys):
    main(["rss", "--eps", "1e-1", "--trials", "1000", "--n-max", "30"])
    out = capsys.readouterr().out
    assert "not covered" not in out and "--n-max" not in out and "(>" not in out and "'-'" not in out.split("\n\n")[1]


def test_rss_table_blames_too_few_trials_when_no_n_could_be_certified(capsys):
    # 50 trials all covered certify at most P >= (0.025/30)^(1/50) = 0.874 simultaneously: never 0.99
    main(["rss", "--eps", "1e-1", "--trials", "50", "--n-max", "30"])
    out = capsys.readouterr().out
    best = (0.05 / (2 * 30)) ** (1 / 50)
    assert f"50 trials certify at most P_n >= {best:.4f} < 1 - delta = 0.99; use more --trials" in out
    assert "--n-max" not in out


def test_the_verdict_table_keeps_its_columns_for_long_ids_and_tags():
    from verify.cli.paper import verdict_table

    claims = [{"id": "a", "confidence": "paper", "outcome": "holds"},
              {"id": "frankle2019.pattern_transfers.plantnseek.a_very_long_suffix", "confidence": "restated (X)",
               "outcome": "inconclusive"},
              {"id": "b", "confidence": "derived", "outcome": "violated"}]
    lines = verdict_table(claims).splitlines()
    starts = {line.index(outcome) for line, outcome in zip(lines, ["verdict", "holds", "inconclusive", "violated"])}
    tags = {line.index(tag) for line, tag in zip(lines, ["confidence", "[paper]", "[restated (X)]", "[derived]"])}
    assert len(starts) == 1 and len(tags) == 1


@pytest.mark.parametrize("confidence, text", [(0.95, "95%"), (0.9375, "93.75%"), (0.999, "99.9%"),
                                              (0.99999, "99.999%"), (1.0, "exact")])
def test_one_confidence_format(confidence, text):
    from verify.compare import Measurement
    from verify.validate import format_confidence

    assert format_confidence(confidence) == text
    shown = Measurement("q", 0.1, 0.2, confidence, "t").interval_text()
    assert f"({text}, t)" in shown


def test_the_rss_table_and_claims_show_use_the_same_confidence_format(capsys):
    main(["rss", "--eps", "1e-1", "--trials", "20", "--n-max", "8", "--confidence", "0.9375"])
    out = capsys.readouterr().out
    assert "93.75% Clopper-Pearson" in out and "simultaneous 93.75% confidence" in out
    main(["claims", "show", "frankle2019.faster.digits"])
    assert "confidence      95% (one-sided level 0.025" in capsys.readouterr().out


def test_a_resumed_run_says_how_much_it_reused(tmp_path, capsys):
    argv = ["rss", "--eps", "1e-2", "--trials", "40", "--n-max", "12", "--chunk-size", "10",
            "--out", str(tmp_path / "run")]
    assert main(argv) == 0
    assert "resuming" not in capsys.readouterr().err          # a fresh run reuses nothing
    (tmp_path / "run").joinpath(sorted(p.name for p in (tmp_path / "run").glob("chunk*"))[0]).unlink()
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert f"resuming {tmp_path / 'run'}: 3 of 4 chunks already stored and reused (30 of 40 trials); " \
           "computing the other 1" in err


class _Log:
    """A stream that is not a terminal (a log file), recording what is written."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def isatty(self):
        return False


class _Terminal(_Log):
    def isatty(self):
        return True


def test_progress_degrades_to_periodic_lines_when_stderr_is_not_a_terminal(monkeypatch):
    from verify import executors

    monkeypatch.setattr(executors, "PERIODIC_SECONDS", 0.0)
    log = _Log()
    bar = executors.progress_bar(5, True, "trial", "coverage", file=log)
    bar.delay = 0  # start at once (the real bar waits one second)
    with bar:
        for _ in range(5):
            bar.update(1)
    text = "".join(log.parts)
    lines = [line.strip("\r ") for line in text.split("\n") if line.strip("\r ")]
    assert lines and lines[-1].startswith("coverage: 5/5 trial (100%)")
    assert all(line.startswith("coverage: ") for line in lines)          # whole lines, no bar redrawn in place
    assert "█" not in text and "|" not in text
    terminal = _Terminal()
    with executors.progress_bar(5, True, "trial", "coverage", file=terminal) as bar:
        assert bar.leave is False and bar.dynamic_ncols                  # in place on a terminal, as before


def _all_parsers(parser, path=("slth",)):
    import argparse

    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _all_parsers(child, path + (name,))


def _help_problems():
    import argparse

    from verify.cli import build_parser

    problems = []
    for path, parser in _all_parsers(build_parser()):
        for action in parser._actions:
            if not action.option_strings or isinstance(action, (argparse._HelpAction, argparse._VersionAction)) \
                    or action.help == argparse.SUPPRESS:
                continue
            name = " ".join(path) + " " + action.option_strings[-1]
            if not action.help:
                problems.append(f"{name}: no help")
            elif action.default not in (None, False, {}, [], ()) and not isinstance(action, argparse._StoreTrueAction) \
                    and "default" not in action.help:
                problems.append(f"{name}: default {action.default!r} not stated")
    return problems


def test_every_option_has_help_and_states_its_default():
    assert _help_problems() == []


def test_ticket_usage_shows_check_as_optional():
    from verify.cli import build_parser

    parser = dict(_all_parsers(build_parser()))[("slth", "ticket")]
    usage = parser.format_usage()
    assert "[check FILE.npz]" in usage and "\n                   check ..." not in usage


def test_a_failed_ticket_says_why_per_layer_and_what_to_change(capsys):
    import numpy as np

    from verify.tickets.construction import build_ticket, random_target

    code = main(["ticket", "--widths", "6,8,4", "--eps", "0.01", "--c", "0.3", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and not report["ok"]
    code = main(["ticket", "--widths", "6,8,4", "--eps", "0.01", "--c", "0.3"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"NOT ok: the certified sup error {report['sup_error_certified']:.6g} exceeds eps 0.01" in out
    # the first layer whose propagated bound passes eps is marked (computed here from the JSON's layer terms)
    first = next(layer["layer"] for layer in report["layers"] if layer["propagated"] > 0.01)
    marked = [line for line in out.splitlines() if "<- exceeds eps here" in line]
    assert len(marked) == 1 and marked[0].strip().startswith(f"layer {first}:")
    assert "to change: a larger --c (now 0.3" in out
    # the acting weight errors, computed independently of the CLI: both halves of pair 1, only W+ later
    ticket = build_ticket(random_target([6, 8, 4], seed=0), 0.01, 0.01, c=0.3, seed=0)
    acting = max(max(np.abs(ticket.plus[0] - ticket.target[0]).max(), np.abs(ticket.minus[0] - ticket.target[0]).max()),
                 np.abs(ticket.plus[1] - ticket.target[1]).max())
    assert report["max_weight_error_acting"] == pytest.approx(acting, rel=1e-12)


def test_an_ok_ticket_explains_a_weight_error_above_the_certified_error(capsys):
    code = main(["ticket", "--widths", "6,8,4", "--eps", "0.01", "--c", "4", "--seed", "1", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["max_weight_error"] > report["sup_error_certified"] >= \
        report["max_weight_error_acting"]
    main(["ticket", "--widths", "6,8,4", "--eps", "0.01", "--c", "4", "--seed", "1"])
    out = capsys.readouterr().out
    assert "ok: the certified sup error" in out and "W- half of a later pair" in out
    main(["ticket", "--widths", "6,8,4", "--eps", "0.01", "--c", "5", "--seed", "1"])
    assert "note:" not in capsys.readouterr().out  # no such error: no note


def test_rescale_reports_the_factor_it_applied(tmp_path, capsys):
    import numpy as np

    target = tmp_path / "target.npz"
    np.savez(target, target_W1=np.diag([2.5, 1.0, 0.5]), target_W2=np.full((2, 3), 0.1))
    main(["ticket", "--target", str(target), "--rescale", "--eps", "0.1", "--c", "1"])
    out = capsys.readouterr().out
    assert "--rescale: W1 had spectral norm 2.5; divided by it (factor 0.4)" in out
    assert "W2 had" not in out  # norm 0.245: left alone


def test_the_tour_command_suggests_both_more_trials_and_a_larger_n_max(capsys):
    # the command: 500 trials cannot certify 0.99, and some paths need more than 40 samples
    main(["rss", "--law", "pensia-mixture", "--eps", "1e-3", "--trials", "500"])
    out = capsys.readouterr().out
    assert "use more --trials" in out and "and a larger --n-max (e.g. --n-max 80)" in out
    assert "-(>40)" in out
