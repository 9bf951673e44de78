"""The compose loader: files → one normalized project, as `docker compose config` builds it.

Public API (the CLI and the other stages use only these):
- load_project(files, profiles, env_files, environ, working_dir=None) -> ComposeProject
- to_compose_json(project) -> dict; to_compose_json_text(project) -> str

`working_dir` is the directory relative -f paths (and the default file search) start from;
it defaults to the current directory. The project directory is the first file's folder.
"""

from __future__ import annotations

from generator.load.project import load_document, load_project
from generator.load.serialize import to_compose_json, to_compose_json_text

__all__ = ["load_project", "load_document", "to_compose_json", "to_compose_json_text"]
