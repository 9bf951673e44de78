"""generator/imageref.py: one parser for every image string, and the stages that used to split them by hand.

The spellings that mattered: a registry with a port (`localhost:5000/app:1.2`: 5000 is not a tag), a digest (not part
of the tag), Docker Hub's `library/` and registry prefixes, and no tag at all.
"""

from __future__ import annotations

import pytest

from generator.imageref import parse_image

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize("text, registry, path, tag, digest, repository, repo", [
    ("localhost:5000/app:1.2", "localhost:5000", "app", "1.2", None, "localhost:5000/app", "localhost:5000/app"),
    ("localhost:5000/app", "localhost:5000", "app", None, None, "localhost:5000/app", "localhost:5000/app"),
    ("registry.example.com:5000/Team/App:V1", "registry.example.com:5000", "team/app", "V1", None,
     "registry.example.com:5000/Team/App", "registry.example.com:5000/team/app"),
    (f"postgres:16@{DIGEST}", None, "postgres", "16", DIGEST, "postgres", "postgres"),
    (f"postgres@{DIGEST}", None, "postgres", None, DIGEST, "postgres", "postgres"),
    ("library/nginx:1.27", None, "nginx", "1.27", None, "library/nginx", "nginx"),
    ("docker.io/library/redis:7", "docker.io", "redis", "7", None, "docker.io/library/redis", "redis"),
    ("index.docker.io/bitnami/redis", "index.docker.io", "bitnami/redis", None, None, "index.docker.io/bitnami/redis",
     "bitnami/redis"),
    ("ghcr.io/immich-app/postgres:14", "ghcr.io", "immich-app/postgres", "14", None, "ghcr.io/immich-app/postgres",
     "ghcr.io/immich-app/postgres"),
    ("redis", None, "redis", None, None, "redis", "redis"),
    ("team/app", None, "team/app", None, None, "team/app", "team/app"),
])
def test_spellings(text, registry, path, tag, digest, repository, repo):
    ref = parse_image(text)
    assert (ref.registry, ref.path, ref.tag, ref.digest) == (registry, path, tag, digest)
    assert (ref.repository, ref.repo) == (repository, repo)


@pytest.mark.parametrize("text", [None, "", "  "])
def test_no_image(text):
    assert parse_image(text) is None


def test_k8s_chart_image_values():
    """Helm's image.repository keeps the registry and its port; the digest is its own value."""
    from generator.plan.model import App
    from generator.targets.k8s.app_values import _image

    assert _image(App(name="web", image="localhost:5000/app:1.2")) == {
        "repository": "localhost:5000/app", "tag": "1.2", "digest": "", "pullPolicy": "Always"}
    assert _image(App(name="web", image="localhost:5000/app"))["repository"] == "localhost:5000/app"
    assert _image(App(name="web", image=f"ghcr.io/o/app:2@{DIGEST}")) == {
        "repository": "ghcr.io/o/app", "tag": "2", "digest": DIGEST, "pullPolicy": "Always"}
    assert _image(App(name="web", image=None)) == {
        "repository": "web", "tag": "CHANGE-ME", "digest": "", "pullPolicy": "Always"}


def test_k8s_known_image_repository():
    from generator.targets.k8s.images import split

    assert split("docker.io/library/Nginx:1.27-Alpine") == ("nginx", "1.27-alpine")
    assert split(f"registry-1.docker.io/bitnami/redis@{DIGEST}") == ("bitnami/redis", "")
    assert split("localhost:5000/traefik") == ("localhost:5000/traefik", "")


def test_redis_version_of_a_registry_with_a_port():
    """`localhost:5000/redis` names no version: the port is not a tag (it read 5000.0 before)."""
    from generator.targets.k8s.mappings.redis_operator.redis_image import version_match

    assert version_match("redis", "7.2", "localhost:5000/redis", {}) == "unknown"
    assert version_match("redis", "7.2", "localhost:5000/redis:7.2", {}) == "same"


def test_proxy_behind_a_registry_with_a_port():
    """A reverse proxy pulled from a private registry with a port is still a reverse proxy (it read `localhost`)."""
    from generator.plan.proxies import _proxy

    assert _proxy("localhost:5000/nginx:1.27") is not None
    assert _proxy("ghcr.io/o/nginx") is not None
    assert _proxy("library/caddy@" + DIGEST) is not None
    assert _proxy("localhost:5000/app") is None


def test_aws_known_extension_images():
    from generator.plan.model import Resource
    from generator.targets.aws.extensions import required

    def res(image):
        return Resource(name="db", kind="postgres", mapping="rds", engine="postgres", image=image)

    assert "vector" in required(res("docker.io/pgvector/pgvector:pg16"))
    assert "vector" in required(res(f"localhost:5000/pgvector:pg16@{DIGEST}"))
    assert "vchord" in required(res("ghcr.io/immich-app/postgres:14-vectorchord0.3.0"))


def test_aws_object_storage_hint_behind_a_registry_with_a_port():
    """EFS files of a known app get the app's own object-storage alternative, whatever registry it comes from."""
    import re

    from generator.imageref import parse_image
    from generator.targets.aws.files import OBJECT_STORAGE

    for image in ("nextcloud:29-apache", "localhost:5000/nextcloud:29", "docker.io/library/nextcloud",
                  f"nextcloud@{DIGEST}"):
        assert any(re.search(rx, parse_image(image).repo) for rx, _text in OBJECT_STORAGE), image
