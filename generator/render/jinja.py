"""One Jinja2 environment per output language: StrictUndefined, trailing newline kept, and a finaliser that escapes
every printed value for the language of the file being written, so that forgetting to escape is impossible.

A value from the compose file is data, never code: every `[[ x ]]` / `{{ x }}` in a template goes through the
language's escaper (see generator/render/escape.py). Text c2p built itself as structure in that language (a YAML
block from the YAML library, a Terraform expression, a shell line quoted word by word) is wrapped in `Raw` by the
filter or Python code that built it, and only then printed as is. Templates never call `Raw` on user data.

The language comes from the template's name: `*.yaml.j2`, `*.tpl.j2` and `Chart.yaml.j2` → YAML (under helm/chart/,
"helm": YAML whose text Helm also reads as a template), `*.tf.j2` and `*.tfvars.example.j2` → HCL, `*.md.j2` →
Markdown. Templates under helm/ use `[[ ]]` / `[% %]` delimiters, because the generated chart uses `{{ }}` itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from generator.render.escape import ESCAPERS, FILTERS, Raw

__all__ = ["Raw", "environment", "language_of", "render_beside", "render_template"]


def language_of(name: str) -> str:
    if name.endswith(".md.j2"):
        return "md"
    if name.endswith((".tf.j2", ".tfvars.example.j2")):
        return "hcl"
    if name.endswith((".yaml.j2", ".tpl.j2")):
        return "helm" if name.startswith("helm/chart/") else "yaml"
    raise ValueError(f"{name}: no output language known for this template (add it to generator/render/jinja.py)")


@cache
def environment(language: str, square: bool, folder: str | None = None):
    """`folder`: a mapping's own templates (searched first, then templates/ for shared includes)."""
    import jinja2

    from generator.paths import templates_dir

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
        loader=jinja2.FileSystemLoader(([folder] if folder else []) + [str(templates_dir())]),
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


def render_template(name: str, **context: Any) -> str:
    """Render templates/<name>: the language and the delimiters follow its name and folder."""
    return environment(language_of(name), name.startswith("helm/")).get_template(name).render(**context)


def render_beside(folder: str | Path, name: str, *, square: bool, **context: Any) -> str:
    """Render <folder>/<name>, a template kept beside the code that uses it (a mapping's templates/ folder, packaged with
    the generator package): the language follows its name as above (never "helm": these are not chart templates),
    `square` chooses the `[[ ]]`/`[% %]` delimiters; an include names a file of that folder or of templates/."""
    if name.startswith("helm/"):
        raise ValueError(f"{name}: a template beside a mapping is named within its folder")
    return environment(language_of(name), square, str(Path(folder).resolve())).get_template(name).render(**context)
