"""TLS-terminating proxies that fetch their own certificates (ACME) → off by default in the chart.

In compose such a proxy holds ports 80/443 of the host and answers Let's Encrypt's HTTP-01 challenge itself. In the
cluster it sits behind a ClusterIP Service: the challenge cannot reach it, and an Ingress to its port 80 loops on its
redirect to HTTPS. Its job (TLS, certificates) is the ingress controller's and cert-manager's: the chart keeps it
(apps.<name>.enabled) but off, never gives it an Ingress, and the README points at the Ingress of the app it fronts.

Only with evidence that it terminates TLS with ACME certificates:
- steveltn/https-portal: that is all it does (github.com/SteveLTN/https-portal README: "automatically obtains and
  renews Let's Encrypt certificates").
- Traefik with an ACME certificate resolver (`--certificatesresolvers.<name>.acme.*` flags or
  TRAEFIK_CERTIFICATESRESOLVERS_<NAME>_ACME_* variables; doc.traefik.io/traefik/https/acme/).
- Caddy's `reverse-proxy --from <domain>` (caddyserver.com/docs/command-line#caddy-reverse-proxy: a --from with a
  domain name gets automatic HTTPS).
"""

from __future__ import annotations

import re

from generator.targets.k8s import images

_TRAEFIK_FLAG = re.compile(r"--certificatesresolvers\.[^.=\s]+\.acme\.", re.I)
_TRAEFIK_ENV = re.compile(r"^TRAEFIK_CERTIFICATESRESOLVERS_[A-Z0-9]+_ACME_", re.I)
_CADDY_FROM = re.compile(r"\breverse-proxy\b.*--from[ =](?:https://)?[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.I)


def acme_proxy(d) -> str | None:
    """What a Draft's service is, when it is a known proxy that terminates TLS with ACME certificates; else None."""
    repo, _ = images.split(d.facts.image or "")
    command = " ".join(str(a) for a in (d.app.entrypoint or ()) + (d.app.command or ()))  # secrets shown as ***
    env = set(d.facts.env_set)
    if repo == "steveltn/https-portal":
        return "steveltn/https-portal, which obtains its own Let's Encrypt certificates"
    if repo == "traefik" and (_TRAEFIK_FLAG.search(command) or any(_TRAEFIK_ENV.match(k) for k in env)):
        return "Traefik with an ACME certificate resolver"
    if repo == "caddy" and _CADDY_FROM.search(command):
        return "Caddy reverse-proxy with automatic HTTPS for a domain"
    return None
