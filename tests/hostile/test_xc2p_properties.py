"""x-c2p strings from the whole of unicode and the output languages' metacharacters (issue 20, property test):
each is refused where it enters (one line), or comes out of the generated files, parsed, as exactly what the user
wrote — CloudNativePG `parameters` values in cluster.yaml (YAML), the project's AWS `region` in the Terraform variables (HCL).
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import C2PError
from tests.hostile.test_tf_md_env import _hcl2json, _hcl_json_form, _render

# printable text, weighted towards what YAML, HCL, Helm and shells read as structure
META = ["\n", "---", ": ", " #", "#", "{{", "}}", "${", "%{", "$(", "$$", '"', "'", "\\", "`", ";", "|", "&", "*", "!",
        "- ", "? ", "y", "on", "0o17", "1e3", "~", "🚀", "\u2028", "\u0085", "\ufeff"]
TEXT = st.lists(st.one_of(st.sampled_from(META), st.text(min_size=1, max_size=6)), min_size=1, max_size=6).map("".join)


def _db(xc2p: dict, top: dict | None = None) -> dict:
    return {"name": "props", **({"x-c2p": top} if top else {}), "services": {
        "db": {"image": "postgres:16", "environment": {"POSTGRES_PASSWORD": "pw-1234"},
               "volumes": ["pg:/var/lib/postgresql/data"], "x-c2p": xc2p},
        "web": {"image": "ghcr.io/acme/web:1", "environment": {"DATABASE_URL": "postgres://postgres:pw-1234@db/postgres"}}},
        "volumes": {"pg": {}}}


def _refused_in_one_line(exc: Exception) -> None:
    assert isinstance(exc, C2PError), exc
    assert "\n" not in exc.one_line() and "\r" not in exc.one_line()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(["work_mem", "search_path", "application_name", "timezone"]), TEXT,
                              min_size=1, max_size=3))
def test_cnpg_parameters_come_out_as_written_or_are_refused(tmp_path_factory, values):
    _, tree = _render(tmp_path_factory.mktemp("k8s"), _db({"k8s": {"parameters": values}}), "k8s")
    if isinstance(tree, Exception):
        _refused_in_one_line(tree)
        return
    docs = [d for d in yaml.safe_load_all(tree["manifests/db/cluster.yaml"]) if d is not None]
    assert len(docs) == 1 and docs[0]["kind"] == "Cluster"
    assert docs[0]["spec"]["postgresql"]["parameters"] == values


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(region=TEXT)
def test_aws_region_comes_out_as_written_or_is_refused(tmp_path_factory, region):
    tmp = tmp_path_factory.mktemp("aws")
    _, tree = _render(tmp, _db({}, {"aws": {"region": region}}), "aws")
    if isinstance(tree, Exception):
        _refused_in_one_line(tree)
        return
    parsed = _hcl2json(tmp, {k: v for k, v in tree.items() if k.startswith("terraform/")})
    defaults = [v.get("default") for blocks in parsed["terraform/variables.tf"].get("variable", {}).values()
                for v in blocks]
    assert _hcl_json_form(region) in defaults, (region, defaults)


def test_metacharacters_in_x_c2p_strings_are_rendered_not_merely_refused(tmp_path):
    """The properties above would hold if everything were refused: these values are valid and must come out."""
    values = {"application_name": "a #b: {{c}} $(d) ${e} %{f} 'g\" 🚀"}
    _, tree = _render(tmp_path / "k", _db({"k8s": {"parameters": values}}), "k8s")
    (doc,) = yaml.safe_load_all(tree["manifests/db/cluster.yaml"])
    assert doc["spec"]["postgresql"]["parameters"] == values
    region = 'eu"${x}%{y} #z'
    _, tree = _render(tmp_path / "a", _db({}, {"aws": {"region": region}}), "aws")
    parsed = _hcl2json(tmp_path / "a", {k: v for k, v in tree.items() if k.startswith("terraform/")})
    (var,) = parsed["terraform/variables.tf"]["variable"]["region"]
    assert var["default"] == _hcl_json_form(region)
