"""Review 2026-12 k8s: `redis:7-alpine` names only a major and floats to 7.4.x (RDB format 12); the target image
must be the newest verified tag of that major (never v7.0.15, which cannot load it), and the README/MIGRATION
sentence must say what is known, nothing more."""

from __future__ import annotations

from generator.targets.k8s import versions as V
from generator.targets.k8s.mappings.redis_operator.redis import version_text
from tests.targets.k8s.test_decide import _redis


def _newest_of(major: int) -> str:
    return V.OPSTREE_TAGS[max(k for k in V.OPSTREE_TAGS if k[0] == major)][0]


def test_major_only_tag_maps_to_that_major_s_newest_tag():
    for major in sorted({k[0] for k in V.OPSTREE_TAGS}):
        image = _redis(str(major)).settings["image"]
        assert image == f"{V.OPSTREE_REDIS}:{_newest_of(major)}", (major, image)


def test_minor_tag_maps_to_that_minor_or_the_nearest_above():
    for minor, (tag, _) in V.OPSTREE_TAGS.items():
        assert _redis(f"{minor[0]}.{minor[1]}").settings["image"] == f"{V.OPSTREE_REDIS}:{tag}"
    assert _redis("7.2").settings["image"] == f"{V.OPSTREE_REDIS}:{V.OPSTREE_TAGS[(7, 4)][0]}"


def test_version_sentence_for_a_major_only_tag_stays_true():
    closed = _redis("7")  # Redis 7's last minor is 7.4, which the image runs
    assert closed.settings["version_match"] == "major"
    text = version_text(closed)
    assert "names only Redis 7" in text and "7.4" in text and "OLDER" not in text and "same" not in text
    open_ = _redis("8")  # Redis 8 is still open: compose may run a newer minor than the verified tag
    assert open_.settings["version_match"] == "floating"
    assert "check what compose runs" in version_text(open_)
    assert any("names only Redis 8" in w for w in open_.warnings)
    assert not any("names only" in w for w in closed.warnings)
