"""Secrets in compose values: which names look secret, and masking them as *** wherever text is shown."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from generator.model import ComposeProject

MASK = "***"
SECRET_NAME = re.compile(
    r"PASSW(OR)?D|(^|_)PASS(_|$)|(^|_)PWD(_|$)|SECRET|TOKEN|(^|_)KEY(_|$)|APIKEY|PRIVATE|CREDENTIAL|SALT|COOKIE",
    re.IGNORECASE,
)
_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.:-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@/\s]+)@", re.IGNORECASE)
_QUERY_SECRET = re.compile(r"(?P<key>[?&;](?:password|passwd|pwd|token|secret|api[_-]?key)=)(?P<val>[^&;\s]+)", re.IGNORECASE)
_FLAG_SECRET = re.compile(r"(?P<flag>--requirepass[ =]|--masterauth[ =]|(?<!\S)-a\s|--pass(?:word)?[ =])(?P<val>\S+)")


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name))


def mask_url(value: str) -> str:
    """Passwords inside URLs and query strings → ***; the rest stays readable."""
    value = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", value)
    return _QUERY_SECRET.sub(lambda m: f"{m['key']}{MASK}", value)


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """mask_url, server flags (--requirepass x), and every known secret literal of the project."""
    text = mask_url(text)
    text = _FLAG_SECRET.sub(lambda m: f"{m['flag']}{MASK}", text)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def url_password(value: str) -> str | None:
    m = _USERINFO.search(value)
    return m["pw"] if m else None


def project_secrets(project: ComposeProject) -> frozenset[str]:
    """Every literal secret in the compose file: secret-named env values, URL passwords, server flags."""
    found: set[str] = set()
    for service in project.services.values():
        for name, value in service.environment.items():
            if not value:
                continue
            if is_secret_name(name) and not value.startswith("/"):
                found.add(value)
            pw = url_password(value)
            if pw:
                found.add(pw)
        words = list(service.command or ()) + list(service.entrypoint or ())
        for text in words:
            for m in _FLAG_SECRET.finditer(text):
                found.add(m["val"])
            pw = url_password(text)
            if pw:
                found.add(pw)
        for i, word in enumerate(words[:-1]):
            if word in ("--requirepass", "--masterauth"):
                found.add(words[i + 1])
    # a "secret" equal to a service or image name would hide the picture and protect nothing
    public = {n.lower() for n in project.services}
    for service in project.services.values():
        public.update(p.lower() for p in re.split(r"[/:@.-]", service.image or "") if p)
    return frozenset(
        s for s in found
        if len(s) >= 3 and s.lower() not in ("true", "false", "yes", "no") and MASK not in s and s.lower() not in public
    )


def host_of(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
