"""The benchmark harness runs end to end on tiny sizes and writes well-formed results (no timing assertions)."""

from __future__ import annotations

import gc
import json
import math
import os

import pytest
from conftest import ROOT, run_python

import stance

TINY = [
    "--quick",
    "--sentences", "300",
    "--batch-size", "100",
    "--articles", "4",
    "--latency-calls", "60",
    "--repeats", "1",
    "--cold-repeats", "1",
    "--train-repeats", "1",
    "--stream-sizes", "150",
    "--jobs-sentences", "150",
    "--scaling-sizes", "100:200",
    "--peers", "tfidf-lr,hashing-sgd,punkt,regex-floor",
]  # fmt: skip

CORE_PEERS = ("tfidf-lr", "hashing-sgd", "regex-floor")


def _is_stats(node: object) -> bool:
    return (
        isinstance(node, dict)
        and all(isinstance(node.get(k), float) and math.isfinite(node[k]) and node[k] >= 0 for k in ("min", "max"))
        and node["min"] <= node["median"] <= node["max"]
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[dict, str, str]:
    folder = tmp_path_factory.mktemp("bench")
    out, markdown = folder / "results.json", folder / "RESULTS.md"
    run_python("-m", "benchmarks", *TINY, "--out", str(out), "--write-results", str(markdown), cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8")), markdown.read_text(encoding="utf-8"), out


def test_every_stance_metric_is_present(run):
    results, _, _ = run
    metrics = results["metrics"]
    assert _is_stats(metrics["tag_sentences"]) and metrics["tag_sentences"]["sentences"] == 300
    articles = metrics["tag_articles"]
    assert _is_stats(articles) and _is_stats(articles["sentences_per_s"]) and articles["articles"] == 4
    assert len(articles["characters_per_round"]) == len(articles["sentences_per_round"]) == len(articles["values"])
    assert _is_stats(metrics["latency"]["p50"]) and _is_stats(metrics["latency"]["p99"])
    for key in ("import", "load", "first_tag", "process_wall"):
        assert _is_stats(metrics["cold_import_load"][key])
    assert _is_stats(metrics["cold_import_load"])
    assert _is_stats(metrics["train"]) and metrics["train"]["records"] > 0
    assert [p["sentences"] for p in metrics["scaling"]["points"]] == [100, 200]
    jobs = metrics["jobs"]
    assert jobs["sentences"] >= 150 and jobs["same_output"] and jobs["speedup"] > 0
    assert jobs["runs"][0]["jobs"] == 1 and all(r["exit_code"] == 0 and r["peak_rss_mb"] > 0 for r in jobs["runs"])
    stream = metrics["stream"]
    assert stream["input"] == "jsonl" and stream["points"][0]["sentences"] >= 150
    assert all(p["exit_code"] == 0 and p["peak_rss_mb"] > 0 and p["seconds"] > 0 for p in stream["points"])


def test_every_peer_has_a_ratio_to_stance(run):
    results, _, _ = run
    peers = results["peers"]
    for section in ("batch", "latency"):
        for name in CORE_PEERS:
            peer = peers[section][name]
            assert len(peer["ratios"]["values"]) == results["config"]["repeats"], (section, name)
            assert peer["ratio"] == pytest.approx(peer["ratios"]["median"]), (section, name)  # an odd number of rounds
            assert peer["ratio_of_medians"] > 0, (section, name)
    assert peers["articles"]["punkt"]["ratio"] > 0
    assert set(peers["train"]) == {"tfidf-lr", "hashing-sgd"}
    assert "spacy-bow" not in peers["batch"] and "fasttext" not in peers["batch"]


def test_garbage_collection_is_reported_for_every_contender_in_rounds(run):
    results, markdown, _ = run
    metrics, peers = results["metrics"], results["peers"]
    for metric, section in (("tag_sentences", "batch"), ("tag_articles", "articles")):
        shares = [metrics[metric]["gc_share"]] + [peer["gc_share"] for peer in peers[section].values()]
        assert len(shares) > 1 and all(0 <= share < 1 for share in shares), section
    assert markdown.count("Garbage collection inside the timed rounds") == 2


def test_targets_and_machine_are_reported(run):
    results, markdown, _ = run
    assert len(results["targets"]) == 9
    for target in results["targets"]:
        assert target["passed"] in (True, False, None) and target["goal"]
        assert (target["measured"] is None) == (target["passed"] is None)
    assert results["machine"]["cores"] >= 1 and results["machine"]["versions"]["numpy"]
    assert results["command"].startswith("python -m benchmarks --quick")
    assert results["command"] in markdown and "### Targets" in markdown


def test_a_saved_run_is_shown_again_without_measuring(run):
    _, markdown, out = run
    again = run_python("-m", "benchmarks", "--report", str(out), cwd=ROOT)
    assert "### Targets" in again and again.count("\n") > 20
    assert again.split("### Targets")[1].split("\n\nresults:")[0] in markdown


def test_rounds_give_each_contender_its_input_in_turns_after_the_warm_up(monkeypatch):
    """``round_robin``: round i hands every contender rounds[i], the first in turn rotating; warm-up untimed."""
    monkeypatch.syspath_prepend(str(ROOT))  # benchmarks/ is not installed with the package
    from benchmarks import measure

    gc.unfreeze()  # whatever ran before in this process: round_robin puts back an unfrozen heap only
    calls, frozen = [], []
    contenders = {
        name: (lambda work, name=name: calls.append((name, work)) or frozen.append(gc.get_freeze_count()))
        for name in "abc"
    }
    timing = measure.round_robin(contenders, ["r0", "r1", "r2", "r3"], warm_up="w")
    assert frozen[:3] == [0, 0, 0] and min(frozen[3:]) > 0  # the harness's heap is frozen for the rounds only
    assert gc.get_freeze_count() == 0
    with pytest.raises(ZeroDivisionError):  # a contender that fails: the heap is unfrozen all the same
        measure.round_robin({"a": lambda work: 1 / work}, [1, 0, 1])
    assert gc.get_freeze_count() == 0
    assert calls[:3] == [("a", "w"), ("b", "w"), ("c", "w")]
    assert [name for name, _ in calls[3:]] == list("abcbcacababc")
    assert [work for _, work in calls[3:]] == [f"r{i}" for i in range(4) for _ in range(3)]
    assert {name: len(values) for name, values in timing.seconds.items()} == {"a": 4, "b": 4, "c": 4}
    assert timing.gc_seconds == {"a": 0.0, "b": 0.0, "c": 0.0}  # none of them allocated enough to collect


def test_rounds_charge_garbage_collection_to_the_contender_it_ran_in(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks import measure

    callbacks = list(gc.callbacks)
    timing = measure.round_robin({"collects": lambda work: gc.collect(), "idle": lambda work: None}, [0, 1, 2])
    assert timing.gc_seconds["collects"] > 0 and timing.gc_seconds["idle"] == 0.0
    assert 0 < timing.gc_share("collects") <= 1
    assert gc.callbacks == callbacks  # its clock is taken out again
    assert measure.rates([2.0, 4.0], [10, 40], "x/s").values == [5.0, 10.0]


def test_a_ratio_is_the_median_of_the_rounds_own_ratios(monkeypatch):
    """Each round's ratio pairs contenders that met the same text a moment apart; not the ratio of medians."""
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks import measure, sections

    def rounds(seconds: dict[str, list[float]]) -> measure.Rounds:
        return measure.Rounds(seconds, dict.fromkeys(seconds, 0.5))

    stance, peers = sections._rates(rounds({"stance": [1.0, 2.0, 4.0], "peer": [2.0, 2.0, 12.0]}), [10] * 3, "x/s")
    assert peers["peer"]["ratios"]["values"] == [2.0, 1.0, 3.0]  # peer's seconds over stance's, round by round
    assert peers["peer"]["ratio"] == pytest.approx(2.0)  # stance is 2x as fast in the middle round
    assert peers["peer"]["ratio_of_medians"] == 1.0  # 5 per s against 5 per s
    assert stance["gc_share"] == 0.5 / 7 and peers["peer"]["gc_share"] == 0.5 / 16
    # With an even number of rounds: the geometric mean of the middle two, either way round.
    _, peers = sections._rates(rounds({"stance": [1.0, 1.0], "peer": [2.0, 8.0]}), [1, 1], "x/s")
    assert peers["peer"]["ratio"] == pytest.approx(4.0)
    # Latency: the peer's p50 over stance's, round by round (above 1: stance answers sooner).
    latency = sections._latency_peers(
        {"stance": [10.0, 20.0, 10.0], "lr": [100.0, 100.0, 300.0]}, {"stance": [1.0] * 3, "lr": [2.0] * 3}, {"lr": 7}
    )
    assert latency["lr"]["ratios"]["values"] == [10.0, 5.0, 30.0] and latency["lr"]["ratio"] == pytest.approx(10.0)
    assert latency["lr"]["ratio_of_medians"] == 10.0 and latency["lr"]["calls"] == 7 and "stance" not in latency


def test_a_target_passes_only_when_both_estimates_of_its_ratio_pass(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks import report

    def articles(ratio: float, of_medians: float) -> report.Target:
        results = {"peers": {"articles": {"punkt": {"ratio": ratio, "ratio_of_medians": of_medians}}}}
        (target,) = [t for t in report.targets(results) if "Punkt" in t.name]
        return target

    assert articles(0.52, 0.51).passed is True
    assert articles(0.52, 0.49).passed is False and "0.49x" in articles(0.52, 0.49).note
    assert articles(0.49, 0.52).passed is False


def test_a_saved_run_of_the_old_schema_is_refused(monkeypatch, tmp_path, capsys):
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks.__main__ import main

    old = tmp_path / "old.json"
    old.write_text(json.dumps({"schema": 1, "metrics": {}, "peers": {}}), encoding="utf-8")
    assert main(["--report", str(old)]) == 2
    assert "schema 1" in capsys.readouterr().err


def test_regex_calls_are_recorded_and_the_patterns_put_back(monkeypatch):
    """``profile --stages`` records the rules' searches by swapping their patterns for one run only."""
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks.profile import _regex_calls
    from stance import model

    tagger = stance.load()
    names = tagger._attributor().names
    rules, alias_pattern = names.rules, names.table.pattern
    sentences = ["Nvidia said the chips were safe, according to a ministry official.", "Analysts warned, he added."]
    calls = _regex_calls(tagger, [model.analyse(tagger.vocabulary_, sentences)])
    searched = {method.__self__ for _, method, _, _ in calls}
    assert {rules.verb, alias_pattern, rules.party_words[0][1]} <= searched  # verbs, aliases, keywords
    with pytest.raises(AttributeError):
        _regex_calls(tagger, [object()])  # the run fails: the patterns are put back all the same
    assert names.rules is rules and names.table.pattern is alias_pattern


def test_corpus_is_distinct_and_deterministic():
    code = (
        "from benchmarks import corpus\n"
        "a = corpus.sentences(3000, seed=7)\n"
        "b = corpus.sentences(3000, seed=7)\n"
        "c = corpus.sentences(3000, seed=8)\n"
        "print(len(a), len(set(a)), a == b, a != c, all('\\n' not in s and s.strip() == s for s in a))\n"
    )
    assert run_python("-c", code, cwd=ROOT).split() == ["3000", "3000", "True", "True", "True"]


def test_corpus_does_not_depend_on_string_hashing():
    code = (
        "import hashlib\n"
        "from benchmarks import corpus\n"
        "print(hashlib.sha1(''.join(corpus.sentences(500)).encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        digests.add(run_python("-c", code, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": hash_seed}).strip())
    assert len(digests) == 1


def test_profile_times_every_stage_of_tag_sentences():
    output = run_python("-m", "benchmarks.profile", "--stages", "--sentences", "200", "--batch-size", "100", cwd=ROOT)
    rows = dict(line.rsplit(None, 1) for line in output.splitlines()[2:])
    stages = {name.strip(): float(value) for name, value in rows.items()}
    assert {"regex floor (for scale)", "attribute (speaker rules)", "tag_sentences (all of it)"} <= set(stages)
    assert len(stages) == 11 and all(value > 0 for value in stages.values())
    # The row under the rules: their regex searches alone, a part of the rules' own time.
    (searches,) = [name for name in stages if name.endswith("regex searches alone")]
    assert int(searches.split()[1].replace(",", "")) > 200  # several searches a sentence were recorded
