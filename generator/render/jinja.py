"""One Jinja2 environment per output language: StrictUndefined, trailing newline kept, and a finaliser that escapes
every printed value for the language of the file being written, so that forgetting to escape is impossible.

A value from the compose file is data, never code: every `[[ x ]]` / `{{ x }}` in a template goes through the
language's escaper (see generator/render/escape.py). Text c2p built itself as structure in that language (a YAML
block from the YAML library, a Terraform expression, a shell line quoted word by word) is wrapped in `Raw` by the
filter or Python code that built it, and only then printed as is. Templates never call `Raw` on user data.

The language comes from the template's name: `*.yaml.j2`, `*.tpl.j2` and `Chart.yaml.j2` → YAML (under helm/chart/,
"helm": YAML whose text Helm also reads as a template), `*.tf.j2` and `*.tfvars.example.j2` → HCL, `*.md.j2` →
Markdown. Templates under helm/ use `[[ ]]` / `[% %]` delimiters, because the generated chart uses `{{ }}` itself.

A mapping keeps its templates beside its module (generator/targets/<target>/mappings/<name>/): `beside(__file__,
"x.tf.j2")` names such a template ("generator/targets/…/x.tf.j2") for `render_template` and `{% include %}`; the
language and escaping follow the file name exactly as for templates/, and the k8s target's (generator/targets/k8s/…)
use the `[[ ]]` delimiters as templates/helm/ does. One loader for both: templates/ and, under the name prefix
"generator/", the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from generator.render.escape import ESCAPERS, FILTERS, Raw

__all__ = ["Raw", "beside", "environment", "language_of", "render_beside", "render_template"]

PACKAGE = "generator"  # the loader name prefix of templates inside the package (beside a mapping)


def language_of(name: str) -> str:
    if name.endswith(".md.j2"):
        return "md"
    if name.endswith((".tf.j2", ".tfvars.example.j2")):
        return "hcl"
    if name.endswith((".yaml.j2", ".tpl.j2")):
        return "helm" if name.startswith("helm/chart/") else "yaml"
    raise ValueError(f"{name}: no output language known for this template (add it to generator/render/jinja.py)")


SQUARE = ("helm/", f"{PACKAGE}/targets/k8s/")  # template names whose delimiters are [[ ]] / [% %]


@cache
def environment(language: str, square: bool):
    import jinja2

    from generator.paths import package_dir, templates_dir

    kwargs: dict[str, Any] = {}
    if square:
        kwargs = dict(
            block_start_string="[%",
            block_end_string="%]",
            variable_start_string="[[",
            variable_end_string="]]",
            comment_start_string="[#",
            comment_end_string="#]",
        )
    escape = ESCAPERS[language]

    def finalize(value: Any) -> str:
        return value if isinstance(value, Raw) else escape(value)

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(str(templates_dir())),
            jinja2.PrefixLoader({PACKAGE: jinja2.FileSystemLoader(str(package_dir()))}),
        ]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
        **kwargs,
    )
    env.filters.update(FILTERS)
    return env


def beside(module_file: str, name: str) -> str:
    """The loader name of template `name` in the folder of `module_file` (a module inside the generator package)."""
    from pathlib import Path

    from generator.paths import package_dir

    folder = Path(module_file).resolve().parent.relative_to(package_dir())
    return "/".join((PACKAGE, *folder.parts, name))


def render_template(name: str, **context: Any) -> str:
    """Render templates/<name>, or a template `beside` a mapping: the language and the delimiters follow its name and
    folder."""
    return environment(language_of(name), name.startswith(SQUARE)).get_template(name).render(**context)


def render_beside(folder: str | Path, name: str, **context: Any) -> str:
    """Render <folder>/<name>, a template in a folder of the generator package (a k8s mapping's templates/): the same
    loader and rules as `render_template` with the name `beside` gives it."""
    from generator.paths import package_dir

    rel = Path(folder).resolve().relative_to(package_dir())
    return render_template("/".join((PACKAGE, *rel.parts, name)), **context)
