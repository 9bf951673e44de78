"""The command line. Parsing and printing only: every stage is imported lazily from its module."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.errors import C2PError

from generator.targets import NAMES as TARGET_NAMES


def _handle_errors(fn):
    """User errors: one line on stderr and their exit code. Internal errors: one line too, exit 70."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except C2PError as exc:
            click.echo(f"c2p: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug in c2p, not the user's fault
            if os.environ.get("C2P_DEBUG"):
                raise
            click.echo(
                f"c2p: internal error: {type(exc).__name__}: {exc} (set C2P_DEBUG=1 for a traceback, and please report it)",
                err=True,
            )
            sys.exit(70)

    return wrapper


def _compose_options(fn):
    fn = click.option(
        "--env-file", "env_files", multiple=True, type=click.Path(dir_okay=False),
        help="Read variables for interpolation from this file instead of .env (repeatable).",
    )(fn)
    fn = click.option(
        "--profile", "profiles", multiple=True, help="Enable services behind this profile (repeatable)."
    )(fn)
    fn = click.option(
        "-f", "--file", "files", multiple=True, type=click.Path(),
        help="Compose file (repeatable; later files override earlier ones). Default: found as Compose finds it.",
    )(fn)
    return fn


def _load(files, profiles, env_files):
    from generator.load import load_project

    return load_project(
        files=tuple(files), profiles=tuple(profiles), env_files=tuple(env_files), environ=dict(os.environ)
    )


def _plan(files, profiles, env_files, target, config):
    from generator.classify import classify
    from generator.plan import build_plan

    project = _load(files, profiles, env_files)
    classification = classify(project, config_file=config)
    return build_plan(project, classification, target)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="c2p")
def main() -> None:
    """c2p — compose to production.

    Reads the docker compose file a team develops with, works out which services hold state,
    and writes the production infrastructure for them as code the team owns.
    """


@main.command()
@_compose_options
@_handle_errors
def config(files, profiles, env_files):
    """Print the normalized compose model as JSON (the shape of `docker compose config --format json`)."""
    from generator.load import to_compose_json_text

    click.echo(to_compose_json_text(_load(files, profiles, env_files)))


@main.command()
@_compose_options
@click.option("--config", "config", type=click.Path(dir_okay=False), help="c2p.yaml with overrides.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "mermaid"]), default="text", show_default=True)
@_handle_errors
def inspect(files, profiles, env_files, config, fmt):
    """Show each service's kind, state, versions, evidence and consumers."""
    from generator.classify import classify
    from generator.classify.view import show

    project = _load(files, profiles, env_files)
    click.echo(show(project, classify(project, config_file=config), fmt), nl=False)


@main.command()
@_compose_options
@click.option("--target", "-t", required=True, type=click.Choice(TARGET_NAMES))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="c2p.yaml with overrides.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_handle_errors
def plan(files, profiles, env_files, target, config, fmt):
    """Show what c2p would build for a target, with every decision and its reason."""
    from generator.plan.view import show

    click.echo(show(_plan(files, profiles, env_files, target, config), fmt), nl=False)


@main.command()
@_compose_options
@click.option("--target", "-t", required=True, type=click.Choice(TARGET_NAMES))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="c2p.yaml with overrides.")
@click.option("-o", "--output", "out", default="c2p-out", show_default=True, type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files c2p did not write or that were edited since.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the files on disk differ.")
@_handle_errors
def generate(files, profiles, env_files, target, config, out, force, check):
    """Write the production infrastructure for a target to OUT/<target>/."""
    from generator.render import render
    from generator.write import check_tree, write_tree

    the_plan = _plan(files, profiles, env_files, target, config)
    tree = render(the_plan)
    dest = Path(out) / target
    if check:
        drift = check_tree(dest, tree)
        if drift:
            for line in drift:
                click.echo(f"drift: {line}")
            raise SystemExit(1)
        click.echo(f"{dest}: up to date ({len(tree)} files)")
        return
    from generator.plan.view import summary
    from generator.render import deployable
    from generator.targets import get_target

    written = write_tree(dest, tree, force=force)  # first: a refusal prints only its one line
    click.echo(summary(the_plan), nl=False)
    click.echo(f"\nWrote {len(tree)} files to {dest}/ ({written} changed)")
    if not deployable(tree):  # exit 0 only when something was generated (the summary above says what was left out)
        click.echo(f"Nothing to deploy was generated for {target}: no service could be mapped (see above) and there "
                   f"is no app service; {dest}/README.md says what was left out and why")
        raise SystemExit(1)
    for step in get_target(target).next_steps(the_plan, dest):
        click.echo(f"Next: {step}")
    click.echo(f"Check it any time with: c2p validate {dest}")


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@click.option("--schema-location", "schema_locations", multiple=True,
              help="kubeconform schema location for custom resources: a folder laid out "
                   "<group>/<kind>_<version>.json or a URL/path template with {{.Group}} etc. (repeatable). "
                   "Default: the public datreeio CRDs-catalog (needs network).")
@click.option("--chart-schemas", type=click.Path(exists=True, file_okay=False),
              help="Folder with the upstream charts' values.schema.json + values.yaml "
                   "(vault-helm/, valkey-helm/, ...); without it the values checks are skipped.")
@click.option("--kubernetes-version", default="1.33", show_default=True,
              help="Kubernetes version of the core schemas (from the kubernetes-validate package).")
@click.option("--require", "required", multiple=True, metavar="TOOL",
              help="Fail instead of skipping when TOOL is missing (repeatable): kubeconform, helm, tofu, "
                   "hcl2json, checkov, kubernetes-validate, @cdktf/provider-aws.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_handle_errors
def validate(out, schema_locations, chart_schemas, kubernetes_version, required, fmt):
    """Run every validator that applies to a generated folder; exit 1 when one that ran failed."""
    from generator.validate import run_validate

    ok = run_validate(
        Path(out), schema_locations=tuple(schema_locations), kubernetes_version=kubernetes_version,
        required=tuple(required), fmt=fmt, echo=click.echo,
        chart_schemas=Path(chart_schemas) if chart_schemas else None,
    )
    if not ok:
        raise SystemExit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_handle_errors
def kinds(fmt):
    """List the service kinds c2p recognises and how each target maps them."""
    from generator.classify.view import kinds_table

    click.echo(kinds_table(fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
