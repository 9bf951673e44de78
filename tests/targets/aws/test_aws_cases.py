"""`generate --target aws` on every golden case and every ../shared/corpus case: valid output (tofu fmt,
HashiCorp's HCL parser, AWS 6.25 arguments against derived provider data, checkov) or a clear refusal;
unmapped kinds reported, never guessed; no compose password or token in any file; byte-identical re-run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.errors import C2PError
from generator.targets.aws import BY_NAME
from generator.validate import check_tofu_fmt, checkov_result, run_checkov
from tests.conftest import SHARED, require_tool, shared_path
from tests.realworld.cases import CASES as REALWORLD
from tests.realworld.cases import load as load_realworld
from tests.targets.aws.aws_checks import hcl_parse, jsii_problems, write_tree

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "cases"
GOLDEN_CASES = sorted(f"golden/{p.name}" for p in GOLDEN.iterdir() if (p / "compose.yaml").is_file()) \
    if GOLDEN.is_dir() else []
CORPUS_CASES = sorted(f"corpus/{p.name}" for p in (SHARED / "corpus").iterdir() if (p / "case.json").is_file()) \
    if (SHARED / "corpus").is_dir() else []
REALWORLD_CASES = [f"realworld/{name}" for name in REALWORLD]
CASES = GOLDEN_CASES + CORPUS_CASES + REALWORLD_CASES
SECRET_NAME = re.compile(r"PASS|PWD|SECRET|TOKEN|KEY|CREDENTIAL", re.IGNORECASE)
PUBLIC_NAME = re.compile(r"(USER|USERNAME|_DB|DATABASE|_NAME|HOST)$", re.IGNORECASE)


def _project(case: str):
    from generator.load import load_project

    where, name = case.split("/", 1)
    if where == "realworld":
        return load_realworld(name), None
    if where == "golden":
        root = GOLDEN / name
        args = json.loads((root / "args.json").read_text()) if (root / "args.json").exists() else {}
        project = load_project((str(root / "compose.yaml"),), tuple(args.get("profiles", ())), (),
                               args.get("env", {}))
        return project, (str(root / args["config"]) if args.get("config") else None)
    root = shared_path("corpus", name)
    meta = json.loads((root / "case.json").read_text())
    workdir = root / meta["workdir"]
    environ = {"PWD": str(workdir), "HOME": "/nonexistent-home", **(meta.get("env") or {})}
    return load_project(tuple(meta["files"]), (), (), environ, working_dir=str(workdir)), None


def _generate(case: str):
    from generator.classify import classify
    from generator.plan import build_plan
    from generator.render import render

    project, config = _project(case)
    plan = build_plan(project, classify(project, config_file=config), "aws")
    return project, plan, render(plan)


def compose_secrets(project) -> set[str]:
    """Secret literals in the compose file, found independently of c2p's own detector."""
    found = set()
    for svc in project.services.values():
        words = [*(svc.command or ()), *(svc.entrypoint or ())]
        for name, value in svc.environment.items():
            if not value:
                continue
            if SECRET_NAME.search(name) and "://" not in value:
                found.add(value)
            words.append(value)
        for i, word in enumerate(words):
            if "://" in word:
                try:
                    password = urlsplit(word).password
                except ValueError:
                    password = None
                if password:
                    found.add(password)
            if word in ("--requirepass", "--masterauth", "-a") and i + 1 < len(words):
                found.add(words[i + 1])
    # values too short or too common to be told apart from ordinary text are not checked
    public = {s.lower() for s in project.services} | {"true", "false", "postgres", "password", "secret", "admin", "root"}
    public |= {v.lower() for svc in project.services.values() for n, v in svc.environment.items()
               if v and PUBLIC_NAME.search(n) and not SECRET_NAME.search(n)}
    return {s for s in found if len(s) >= 6 and s.lower() not in public and not s.startswith(("/", "$", "{"))}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    base = tmp_path_factory.mktemp("aws-cases")
    cache: dict[str, tuple] = {}

    def get(case: str):
        if case not in cache:
            try:
                project, plan, tree = _generate(case)
            except C2PError as refusal:
                cache[case] = ("refused", refusal.one_line())
            else:
                cache[case] = ("ok", project, plan, tree, write_tree(base / case.replace("/", "_"), tree))
        return cache[case]

    return get


@pytest.mark.parametrize("case", CASES)
def test_generates_or_refuses_clearly(generated, case):
    result = generated(case)
    if result[0] == "refused":
        assert result[1] and "\n" not in result[1] and "Traceback" not in result[1]
        return
    _, project, plan, tree, _ = result
    assert "README.md" in tree and "MIGRATION.md" in tree
    if plan.resources or plan.apps:
        assert "terraform/versions.tf" in tree
    else:  # every service left out (review aws #14): no empty Terraform folder, and the README says so
        assert sorted(tree) == ["MIGRATION.md", "README.md"] and "Nothing to deploy was generated" in tree["README.md"]
    provisioned = {r.name for r in plan.resources}
    reported = {s.name for s in plan.skipped}
    readme = tree["README.md"]
    for s in plan.skipped:
        assert s.reason and f"**{s.name}**" in readme, f"{s.name} is skipped but not reported in README.md"
    for r in plan.resources:
        assert r.mapping in BY_NAME, (r.name, r.mapping)  # a registered mapping (targets/aws MAPPINGS)
        assert f"### {r.name} (" in readme
    assert not provisioned & reported


@pytest.mark.parametrize("case", CASES)
def test_no_compose_secret_in_any_file(generated, case):
    result = generated(case)
    if result[0] == "refused":
        pytest.skip(result[1])
    _, project, _, tree, _ = result
    for secret in compose_secrets(project):
        pattern = re.compile(r"(?<![A-Za-z0-9_-])" + re.escape(secret) + r"(?![A-Za-z0-9_-])")
        for rel, text in tree.items():
            assert not pattern.search(text), f"a compose secret ({secret[:2]}…) appears in {rel}"


@pytest.mark.parametrize("case", CASES)
def test_second_run_is_byte_identical(generated, case):
    result = generated(case)
    if result[0] == "refused":
        pytest.skip(result[1])
    assert _generate(case)[2] == result[3]


@pytest.mark.tools
@pytest.mark.parametrize("case", CASES)
def test_terraform_passes_fmt_parser_and_derived_provider_data(generated, case):
    result = generated(case)
    if result[0] == "refused":
        pytest.skip(result[1])
    root = result[4] / "terraform"
    if not root.exists():
        pytest.skip("documents only: every service was left out")
    files = sorted(root.glob("*.tf"))
    parsed = hcl_parse(files)
    problems, _checked = jsii_problems(parsed)
    assert problems == [], "against derived provider data (@cdktf/provider-aws 6.25)"
    require_tool("tofu")
    fmt = check_tofu_fmt(root, base=root)
    assert fmt.status == "passed", fmt
    assert fmt.summary.startswith(f"{len(files) + 1} file(s)"), fmt.summary  # the .tf files + tfvars.example


@pytest.mark.tools
@pytest.mark.parametrize("case", CASES)
def test_checkov_has_no_unskipped_failure(generated, case):
    result = generated(case)
    if result[0] == "refused":
        pytest.skip(result[1])
    require_tool("checkov")
    root = result[4] / "terraform"
    if not root.exists():
        pytest.skip("documents only: every service was left out")
    report = run_checkov(root, ("terraform",))
    plan = result[2]
    assert report.parsing_errors == ()
    if plan.resources or plan.apps:  # else only variables and versions: nothing for checkov to check
        assert report.resources > 0
    assert [f"{c.check_id} {c.resource}" for c in report.failed] == []
    checked = checkov_result(report)
    assert checked.status == "passed", checked
