"""The write stage: atomic, manifest-tracked, never clobbers a file c2p did not write."""

import json

import pytest

from generator.errors import C2PError
from generator.write import MANIFEST, check_tree, write_tree


def test_writes_tree_and_manifest(tmp_path):
    dest = tmp_path / "out"
    assert write_tree(dest, {"a.txt": "A\n", "sub/b.txt": "B\n"}) == 2
    assert (dest / "sub/b.txt").read_text() == "B\n"
    manifest = json.loads((dest / MANIFEST).read_text())
    assert sorted(manifest["files"]) == ["a.txt", "sub/b.txt"]
    assert check_tree(dest, {"a.txt": "A\n", "sub/b.txt": "B\n"}) == []


def test_second_identical_write_changes_nothing(tmp_path):
    tree = {"a.txt": "A\n"}
    write_tree(tmp_path, tree)
    assert write_tree(tmp_path, tree) == 0


def test_refuses_to_overwrite_foreign_file_and_writes_nothing(tmp_path):
    (tmp_path / "a.txt").write_text("mine\n")
    with pytest.raises(C2PError, match="not written by c2p"):
        write_tree(tmp_path, {"a.txt": "A\n", "b.txt": "B\n"})
    assert (tmp_path / "a.txt").read_text() == "mine\n"
    assert not (tmp_path / "b.txt").exists()
    assert not (tmp_path / MANIFEST).exists()


def test_refuses_to_overwrite_edited_file_unless_forced(tmp_path):
    write_tree(tmp_path, {"a.txt": "A\n"})
    (tmp_path / "a.txt").write_text("edited\n")
    with pytest.raises(C2PError, match="edited since"):
        write_tree(tmp_path, {"a.txt": "A2\n"})
    assert (tmp_path / "a.txt").read_text() == "edited\n"
    write_tree(tmp_path, {"a.txt": "A2\n"}, force=True)
    assert (tmp_path / "a.txt").read_text() == "A2\n"


def test_removes_stale_files_it_wrote_but_keeps_edited_ones(tmp_path):
    write_tree(tmp_path, {"a.txt": "A\n", "old.txt": "O\n", "kept.txt": "K\n"})
    (tmp_path / "kept.txt").write_text("user edit\n")
    write_tree(tmp_path, {"a.txt": "A\n"})
    assert not (tmp_path / "old.txt").exists()
    assert (tmp_path / "kept.txt").read_text() == "user edit\n"


def test_check_reports_drift(tmp_path):
    write_tree(tmp_path, {"a.txt": "A\n", "b.txt": "B\n"})
    (tmp_path / "a.txt").write_text("changed\n")
    drift = check_tree(tmp_path, {"a.txt": "A\n", "c.txt": "C\n"})
    assert any("a.txt: differs" in d for d in drift)
    assert any("c.txt: missing" in d for d in drift)
    assert any("b.txt: no longer generated" in d for d in drift)


def test_unwritable_destination_is_bad_input(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(C2PError):
        write_tree(blocker / "out", {"a.txt": "A\n"})
