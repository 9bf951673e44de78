"""Review 2026-12 k8s: the CNPG cluster manifest cited `manifests/tls/certificates.yaml`, a file c2p never writes
(the server certificates are manifests/tls/certificate-<secret>.yaml). Every manifests/tls/ path any generated file
names must be a file in the tree."""

from __future__ import annotations

import re

from generator.render import render
from tests.targets.k8s.server2_plan import server2_plan


def test_every_cited_tls_file_exists():
    tree = render(server2_plan())
    cited = {(path, m) for path, text in tree.items() for m in re.findall(r"manifests/tls/[A-Za-z0-9_.-]+\.yaml", text)}
    assert any(p.endswith("cluster.yaml") for p, _ in cited)
    missing = sorted((p, m) for p, m in cited if m not in tree)
    assert not missing, missing
