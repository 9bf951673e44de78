"""The shared decision recorder: the user's option wins and is marked, a bad value is refused in one line, an unused
or unknown option is warned about in the same words on every target."""

from __future__ import annotations

import pytest

from generator.errors import C2PError
from generator.plan.model import Resource
from generator.plan.recorder import Recorder


def _check_positive(v):
    return None if isinstance(v, int) and v > 0 else f"{v!r} is not a positive number"


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_option_wins_with_its_reason(target):
    rec = Recorder(target, "db", {"replicas": 5})
    assert rec.set("replicas", 3, "three voters", "replicas", _check_positive) == 5
    (d,) = rec.decisions
    assert (d.value, d.source) == (5, "override") and f"x-c2p {target}.replicas" in d.reason and "three voters" in d.reason


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_bad_value_is_refused_with_where_it_was_set(target):
    with pytest.raises(C2PError, match=rf"x-c2p {target}.replicas of service 'db': 'many' is not a positive number"):
        Recorder(target, "db", {"replicas": "many"}).set("replicas", 3, "why", "replicas", _check_positive)


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_unused_and_unknown_options_are_warned_alike(target):
    rec = Recorder(target, "db", {"replicass": 2, "storage_class": "x", "region": "eu-west-1"})
    rec.set("replicas", 3, "why", "replicas")
    warnings = rec.unknown_options()
    assert f"db: ignored unknown x-c2p {target} option 'replicass' (did you mean 'replicas'?)" in warnings
    assert not any("region" in w for w in warnings)  # project-wide: read elsewhere
    assert len(warnings) == 2


def test_pick_reads_only_the_targets_own_keys():
    rec = Recorder("k8s", "db", {"instances": 5, "bogus": 1})
    assert rec.pick("instances", 3, "why") == 5
    assert rec.pick("bogus", 1, "not an option") == 1 and rec.decisions[-1].source == "default"


def test_apply_puts_the_mapping_decision_first_and_the_warnings_last():
    from generator.plan.model import Decision

    rec = Recorder("aws", "db", {"typo": 1})
    rec.set("a", 1, "why")
    res = rec.apply(Resource("db", "postgres", "", "postgres", warnings=("own",)), "rds",
                    decision=Decision("mapping", "rds", "because"))
    assert [d.key for d in res.decisions] == ["mapping", "a"] and res.mapping == "rds"
    assert res.warnings[0] == "own" and "typo" in res.warnings[-1]
