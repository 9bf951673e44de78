"""Valid compose files with long chains (extends, depends_on) load like any other: no recursion limit,
no quadratic re-resolution. Docker Compose loads both."""

from __future__ import annotations

from generator.load import load_project

N = 1500  # well past Python's default recursion limit


def _load(tmp_path, text: str):
    (tmp_path / "compose.yaml").write_text(text)
    return load_project((), (), (), {}, working_dir=str(tmp_path))


def test_a_long_extends_chain(tmp_path):
    lines = ["services:", "  s0:", "    image: x", "    environment: {A: '1'}"]
    for i in range(1, N):
        lines += [f"  s{i}:", f"    extends: s{i - 1}"]
    project = _load(tmp_path, "\n".join(lines) + "\n")
    assert project.services[f"s{N - 1}"].image == "x"
    assert project.services[f"s{N - 1}"].environment["A"] == "1"


def test_a_long_depends_on_chain_against_name_order(tmp_path):
    lines = ["services:"]
    for i in range(N - 1):
        lines += [f"  s{i:04d}:", "    image: x", f"    depends_on: [s{i + 1:04d}]"]
    lines += [f"  s{N - 1:04d}:", "    image: x"]
    project = _load(tmp_path, "\n".join(lines) + "\n")
    assert len(project.services) == N


def test_a_long_cycle_is_still_found(tmp_path):
    import pytest

    from generator.errors import C2PError

    lines = ["services:"]
    for i in range(N):
        lines += [f"  s{i:04d}:", "    image: x", f"    depends_on: [s{(i + 1) % N:04d}]"]
    with pytest.raises(C2PError) as err:
        _load(tmp_path, "\n".join(lines) + "\n")
    assert "dependency cycle detected" in err.value.one_line()
