"""Review aws round 2, item 4: "Values you supply" tells the user to reuse each value compose had (one value for the
services that share it), names where compose set it without printing it, and the put-secret-value guard requires
only the keys compose set non-empty: a key compose left empty (SMTP_PASSWORD=) does not block the command."""

from __future__ import annotations

import os
import subprocess

from tests.targets.aws.test_aws_conn import _generate

COMPOSE = """
services:
  web:
    image: myorg/web:1.0
    env_file: [app.env]
    environment:
      API_KEY: dev-key-value
  worker:
    image: myorg/web:1.0
    env_file: [app.env]
"""


def test_values_compose_had_are_reused_and_empty_ones_do_not_block(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.env").write_text("SECRET_KEY_BASE=very-secret-base\nSMTP_PASSWORD=\n")
    out = _generate(tmp_path, COMPOSE)
    readme = (out / "README.md").read_text()
    section = readme.split("### Values you supply", 1)[1].split("\n## ", 1)[0]
    assert "very-secret-base" not in readme and "dev-key-value" not in readme
    assert "- `SECRET_KEY_BASE` (web, worker): compose set it in `app.env`; reuse that value, one value for all of them." in section
    assert "- `API_KEY` (web): compose set it in `compose.yaml`; reuse that value." in section
    assert "- `SMTP_PASSWORD` (web, worker): empty or unset in compose: not required" in section
    assert "OTP_SECRET" in section  # the reason is said: a new key breaks what the old one encrypted
    block = section.split("```sh\n# web:", 1)[1].split("```", 1)[0]
    assert ': "${API_KEY:?set API_KEY first}" "${SECRET_KEY_BASE:?set SECRET_KEY_BASE first}" &&\n' in block
    assert "SMTP_PASSWORD:?" not in block and '--arg SMTP_PASSWORD "${SMTP_PASSWORD:-}"' in block
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool, body in (("aws", f'echo "$@" >> {tmp_path}/calls'), ("tofu", "echo '{\"web\": \"arn:x\"}'")):
        (bin_ / tool).write_text(f"#!/bin/sh\n{body}\n")
        (bin_ / tool).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}", "API_KEY": "k", "SECRET_KEY_BASE": "s"}
    env.pop("SMTP_PASSWORD", None)
    r = subprocess.run(["bash", "-c", "# web:" + block], env=env, capture_output=True, text=True, cwd=out)
    assert r.returncode == 0, r.stderr
    assert '"SMTP_PASSWORD":""' in (tmp_path / "calls").read_text().replace(" ", "")
