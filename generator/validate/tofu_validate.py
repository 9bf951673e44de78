"""`tofu validate -json` against the real provider schemas, with no registry and no `tofu init`.

`make tools` builds provider binaries and writes a CLI configuration (TOOLS_DIR/tofurc) whose
`dev_overrides` point tofu at them. Every provider the configuration requires (`tofu providers`) must be
overridden there, otherwise tofu cannot load its schema: the check is then skipped naming the providers
that are not built. A folder the user has already `tofu init`-ed (it has .terraform/) is validated with
the user's own providers and CLI configuration instead.

The AWS provider cannot be built here (>1 GB). When it is the only provider missing, tofu validates a derived
copy of the folder without the AWS blocks, references to them typed from derived provider data
(tofu_partial.py); the summary says so, and the AWS blocks' own arguments are the aws-arguments check's job.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import find_tool, missing, rel, run, tools_dir

NAME = "tofu validate"
AWS_SOURCE = "hashicorp/aws"
DEFAULT_HOST = "registry.opentofu.org"
_REQUIRED = re.compile(r"provider\[([^\]]+)\]")
_OVERRIDE = re.compile(r'"([^"]+)"\s*=\s*"([^"]+)"')


def cli_config() -> Path:
    return tools_dir() / "tofurc"


def full_address(source: str) -> str:
    """'hashicorp/random' → 'registry.opentofu.org/hashicorp/random' (tofu's default registry host)."""
    return source if source.count("/") == 2 else f"{DEFAULT_HOST}/{source}"


def overrides(config: Path) -> dict[str, Path]:
    """{provider address: folder} from the dev_overrides block of a CLI configuration."""
    text = config.read_text(encoding="utf-8")
    block = re.search(r"dev_overrides\s*\{([^}]*)\}", text)
    return {full_address(src): Path(folder) for src, folder in _OVERRIDE.findall(block.group(1))} if block else {}


def _available(address: str, folder: Path) -> bool:
    kind = address.rsplit("/", 1)[-1]
    return any(folder.glob(f"terraform-provider-{kind}*"))


def required_providers(tool: str, root: Path, env: dict[str, str]) -> tuple[list[str] | None, str]:
    """Provider addresses the configuration needs (explicit and implied), from `tofu providers`."""
    proc = run([tool, "providers", "-no-color"], cwd=root, env=env)
    if proc.returncode != 0:
        return None, proc.stdout + proc.stderr
    return sorted(set(_REQUIRED.findall(proc.stdout))), proc.stdout


def check_tofu_validate(root: Path, base: Path | None = None, tool: str | None = None) -> CheckResult:
    """Validate the Terraform root module in `root` against the providers' real schemas (with `tool`, another
    tofu binary than the one on the tools path, e.g. the oldest version the output admits)."""
    tool = tool or find_tool("tofu")
    if tool is None:
        return skipped(NAME, missing("tofu"), missing_tool="tofu")
    label = rel(root, base)
    if not any(root.glob("*.tf")):
        return skipped(NAME, f"no .tf files in {label}")
    env = {"TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    if (root / ".terraform").is_dir():
        return _validate(tool, root, root, base, env, f"{label} (providers: from tofu init)")
    config = cli_config()
    if not config.is_file():
        return skipped(NAME, f"{label}: no provider overrides at {config} (run `make tools`)", missing_tool="tofu")
    env["TF_CLI_CONFIG_FILE"] = str(config)
    needed, out = required_providers(tool, root, env)
    if needed is None:
        return failed(NAME, f"{label}: tofu providers failed", [Finding(label, None, out.strip()[-500:])], output=out)
    built = overrides(config)
    absent = [p for p in needed if p not in built or not _available(p, built[p])]
    short = lambda addrs: ", ".join(a.removeprefix(DEFAULT_HOST + "/") for a in addrs) or "none"  # noqa: E731
    if absent == [full_address(AWS_SOURCE)] and not any(root.glob("*.tf.json")):
        return _validate_without_aws(tool, root, base, env, label, short([p for p in needed if p not in absent]))
    if absent:
        return skipped(NAME, f"{label}: provider {short(absent)} not built here (built: {short(built)})")
    return _validate(tool, root, root, base, env, f"{label} (providers: {short(needed)})")


def _validate_without_aws(tool: str, root: Path, base: Path | None, env: dict[str, str], label: str,
                          providers: str) -> CheckResult:
    """tofu validate on the derived copy without the AWS blocks (tofu_partial), findings on the original files."""
    from generator.validate.tofu_partial import derive

    derived = derive({p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("*.tf"))})
    typed = ("references to them are typed from the same derived provider data" if not derived.untyped else
             f"references to them are typed from the same derived provider data, except {', '.join(derived.untyped)} "
             "(unknown to it: left untyped)")
    providers = "no other" if providers == "none" else providers
    note = (f"providers: {providers}; without its {len(derived.removed)} aws_* block(s): the AWS provider is not "
            f"built here, they are checked under \"AWS arguments\" and {typed}")
    with tempfile.TemporaryDirectory(prefix="c2p-tofu-") as tmp:
        for name, text in derived.files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        return _validate(tool, Path(tmp), root, base, env, f"{label} ({note})")


def _validate(tool: str, folder: Path, root: Path, base: Path | None, env: dict[str, str], summary: str) -> CheckResult:
    """`tofu validate -json` in `folder`; findings name the files of `root` (the same names and lines)."""
    label = rel(root, base)
    proc = run([tool, "validate", "-json", "-no-color"], cwd=folder, env=env)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return failed(NAME, f"{label}: tofu validate exited {proc.returncode}",
                      [Finding(label, None, (proc.stderr or proc.stdout).strip()[-500:])], output=proc.stdout + proc.stderr)
    errors = [d for d in report.get("diagnostics", []) if d.get("severity") == "error"]
    findings = [_finding(d, root, base) for d in errors]
    if not report.get("valid", False) or findings:
        return failed(NAME, f"{label}: {len(findings)} error(s)", findings, output=proc.stdout)
    return passed(NAME, summary, output=proc.stdout)


def _finding(diag: dict, root: Path, base: Path | None) -> Finding:
    where = diag.get("range") or {}
    file = rel(root / where["filename"], base) if where.get("filename") else rel(root, base)
    line = (where.get("start") or {}).get("line")
    detail = " ".join(str(diag.get("detail", "")).split())
    return Finding(file, line, f"{diag.get('summary', 'error')}: {detail}" if detail else diag.get("summary", ""))

