"""The ```sh/```bash blocks of a generated README.md/MIGRATION.md, checked with `bash -n` (both targets' tests):
a `<path>`-style placeholder in a command is a redirection, an apostrophe in one an unclosed quote."""

from __future__ import annotations

import re
import subprocess

FENCE = re.compile(r"^( *)```(?:sh|bash)\n(.*?)^\1```", re.M | re.S)


def shell_problems(tree: dict[str, str]) -> list[str]:
    out = []
    for path, text in sorted(tree.items()):
        if not path.endswith(("README.md", "MIGRATION.md")):
            continue
        for n, m in enumerate(FENCE.finditer(text)):
            indent = len(m.group(1))
            block = "\n".join(line[indent:] for line in m.group(2).splitlines())
            proc = subprocess.run(["bash", "-n"], input=block, capture_output=True, text=True)
            if proc.returncode:
                out.append(f"{path} block {n}: {proc.stderr.strip()}")
    return out
