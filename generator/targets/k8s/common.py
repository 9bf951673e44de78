"""Helpers shared by the k8s target's modules. (Options and decisions: the shared generator/plan/recorder.py Recorder.)"""

from __future__ import annotations

from generator.names import k8s_label


def k8s_name(name: str) -> str:
    """A DNS-1123 label from a compose name (lowercase, [a-z0-9-], starting with a letter — `1web` → `s-1web` —,
    ≤ 40 chars so suffixes still fit). Different names can meet (`my_app`/`my-app`): targets/k8s/names.py
    refuses the plan then."""
    return k8s_label(name, 40)
