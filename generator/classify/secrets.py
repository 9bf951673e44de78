"""The one secret finder: which names look secret, which literals inside a value are secrets, and masking them
as *** wherever text is shown.

Every user of secrets in c2p (plan, both targets, env files, README/MIGRATION, `inspect`, warnings, host-file
copies) asks this module. Detection is by name (PGPASS, *_PASS*, *PWD*, *TOKEN*, *SECRET*, *KEY*…) and by value:
URL userinfo (any scheme), secret query parameters (?password= token= sig= api_key=…), keyword forms
(libpq `password=x` / `password='a b'`, `-Dfoo.password=x`, `PGPASSWORD=x cmd`, `--password=x`), split arguments
(`--password x`, `--token y`, `redis-cli -a x`, `mysqladmin -px`, `sshpass -p x`), `Authorization: Bearer x` /
`Basic x`. Every literal found is added to the project's known-secret set (project_secrets), so it is masked
wherever else it appears.

All parsing here is linear: str.find / str.partition and single left-to-right scans, no regex that can
backtrack over a user value (a 200,000-character value costs milliseconds).
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence
from urllib.parse import unquote, urlsplit

from generator.model import ComposeProject

MASK = "***"

# Names, matched on the upper-cased name split into words at "_" (also "-" and "." for flags and keys).
_NAME_PARTS = ("PASSW", "PWD", "SECRET", "TOKEN", "PRIVATE", "CREDENTIAL", "SALT", "COOKIE", "APIKEY",
               "REQUIREPASS", "MASTERAUTH", "PGPASS", "PASSPHRASE", "AUTHORIZATION")
_NOT_SECRET_NAMES = frozenset({"PWD", "OLDPWD"})  # the shell's working directory
# query / keyword parameter names that are credentials although their name does not say so
_SECRET_PARAM_KEYS = frozenset({"sig", "signature", "x-amz-signature", "x-goog-signature", "x-amz-security-token",
                                "auth", "apikey", "api_key", "api-key", "access_token", "pass", "pwd", "passwd"})
_FILE_NAME_SUFFIXES = (".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".kdbx", ".gpg", ".ppk")
_FILE_NAME_PARTS = ("htpasswd", "kubeconfig", "credential", "secret", "passw", "token")
_FILE_NAMES = frozenset({".env", "env", ".netrc", ".pgpass", ".npmrc", ".pypirc", "id_rsa", "id_dsa", "id_ecdsa",
                         "id_ed25519"})
_FILE_TEXT = ("-----BEGIN ", "aws_secret_access_key")
_AUTH_SCHEMES = frozenset({"bearer", "basic", "token", "digest"})
_MYSQL_TOOLS = frozenset({"mysql", "mysqladmin", "mysqldump", "mariadb", "mariadb-admin", "mariadb-dump",
                          "mysqlcheck", "mysqlimport", "mysqlshow"})
_REDIS_TOOLS = frozenset({"redis-cli", "valkey-cli", "keydb-cli"})
_QUOTES = "'\""
# single character classes, matched at a position: linear, nothing to backtrack into
_AUTHORITY = re.compile(r"[^/?#\"'\s]*")
_VALUE = re.compile(r"[^\s'\"]*")
_VALUE_QUERY = re.compile(r"[^\s'\"&#]*")
_VALUE_JDBC = re.compile(r"[^\s'\";]*")
_WORD = re.compile(r"\S+")
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-%")


def is_secret_name(name: str) -> bool:
    """An env var, flag, query or keyword name that holds a secret (PGPASS, DB_PASSWORD, API_KEY, X-Auth-Token…)."""
    upper = name.upper()
    if upper in _NOT_SECRET_NAMES:
        return False
    if any(p in upper for p in _NAME_PARTS):
        return True
    words = upper.replace("-", "_").replace(".", "_").split("_")
    if words[-1] == "AUTH" or ("AUTH" in words and "HEADER" in words):
        return True
    return any(w in ("PASS", "KEY", "KEYS") or (w.endswith("KEY") and len(w) > 3 and not w.endswith("MONKEY"))
               or w.startswith("PASS") and w not in ("PASSIVE", "PASSTHROUGH", "PASSTHRU")
               for w in words)


def _secret_param(key: str) -> bool:
    k = unquote(key).strip().lower()
    return k in _SECRET_PARAM_KEYS or is_secret_name(k)


def _plausible(literal: str, refs: bool = False) -> bool:
    """A literal worth calling a secret: not empty, not a boolean, not a file path, not a placeholder (a `$VAR`
    reference after a secret flag is masked all the same: `--requirepass $REDIS_PASSWORD` reads ***)."""
    s = literal.strip()
    return bool(s) and s != MASK and s.lower() not in ("true", "false", "yes", "no", "on", "off", "null", "none") \
        and not s.startswith(("/", "./", "<", "{", "***")) and (refs or not s.startswith("$"))


def _tokenlike(word: str) -> bool:
    return len(word) >= 8 and not word.isalpha()


# ---------------------------------------------------------------- spans in one text (linear scans)

def _url_spans(text: str) -> list[tuple[int, int]]:
    """The password of every `scheme://user:password@host` in text."""
    spans, i = [], 0
    while True:
        j = text.find("://", i)
        if j < 0:
            return spans
        start = j + 3
        end = _AUTHORITY.match(text, start).end()
        at = text.rfind("@", start, end)
        if at > start:
            colon = text.find(":", start, at)
            if colon >= 0 and colon + 1 < at:
                spans.append((colon + 1, at))
        i = max(end, j + 3)
    # (the Go MySQL DSN `user:password@tcp(host:3306)/db`, go-sql-driver/mysql, has no scheme: _go_dsn_spans)


def _quoted_end(text: str, start: int) -> int:
    """Index of the closing quote of the quoted string opening at text[start] (len(text) when unterminated)."""
    q, i, n = text[start], start + 1, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == q:
            return i
        i += 1
    return n


def _keyword_spans(text: str) -> list[tuple[int, int]]:
    """Values of secret `key=value` pairs: libpq keywords (quoted too), -Dx.password=, PGPASSWORD=, --token=,
    query parameters ?password= / &sig=, JDBC ;password=."""
    spans, i, n, floor = [], 0, len(text), 0
    while True:
        eq = text.find("=", i)
        if eq < 0:
            return spans
        k = eq
        while k > floor and text[k - 1] in _KEY_CHARS:
            k -= 1
        key = text[k:eq].lstrip("-")
        before = text[k - 1] if k > 0 else ""
        v = eq + 1
        if v < n and text[v] in _QUOTES:
            end = _quoted_end(text, v)
            vs, ve, nxt = v + 1, end, end + 1
        else:
            end = (_VALUE_QUERY if before in "?&" else _VALUE_JDBC if before == ";" else _VALUE).match(text, v).end()
            vs, ve, nxt = v, end, max(end, eq + 1)
        if key and _secret_param(key) and _plausible(text[vs:ve]):
            spans.append((vs, ve))
        i = nxt
        floor = min(nxt, n)


def _words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each whitespace-separated word, surrounding quotes and a trailing `;`/`,` left out."""
    out = []
    for m in _WORD.finditer(text):
        a, b = m.span()
        while a < b and text[a] in _QUOTES:
            a += 1
        while b > a and text[b - 1] in _QUOTES + ";,":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Split flags (`--password x`, `-a x` for redis-cli, `-px` for mysql, `-p x` for sshpass), header values
    (`Authorization: x`, `X-Api-Key: x`) and `Bearer x` / `Basic x`."""
    words = _words(text)
    spans, tool = [], ""
    for idx, (a, b) in enumerate(words):
        w = text[a:b]
        nxt = words[idx + 1] if idx + 1 < len(words) else None
        nw = text[nxt[0]:nxt[1]] if nxt else ""
        base = w.rsplit("/", 1)[-1].lower()
        if base in _MYSQL_TOOLS or base in _REDIS_TOOLS or base == "sshpass":
            tool = base
            continue
        if w in ("&&", "||", "|", ";"):
            tool = ""
            continue
        if w.startswith("-") and "=" not in w and len(w) > 1:
            if _flag_takes_secret(w, tool) and nxt and not nw.startswith("-") and _plausible(nw, refs=True):
                s0, e0 = nxt  # a quoted value is masked with its quotes: `--pass "$X"` reads `--pass ***`
                quoted = s0 > 0 and e0 < len(text) and text[s0 - 1] in _QUOTES and text[e0] == text[s0 - 1]
                spans.append((s0 - 1, e0 + 1) if quoted else nxt)
            elif w.startswith("-p") and not w.startswith("--") and len(w) > 2 and tool in _MYSQL_TOOLS:
                spans.append((a + 2, b))
            continue
        if w.endswith(":") and len(w) > 1 and _secret_param(w[:-1]) and nxt:
            if nw.lower() in _AUTH_SCHEMES and idx + 2 < len(words):
                spans.append(words[idx + 2])
            elif nw.lower() not in _AUTH_SCHEMES and _plausible(nw):
                spans.append(nxt)
            continue
        if w.lower() in ("bearer", "basic") and nxt and (_tokenlike(nw) or len(words) == 2) and _plausible(nw):
            spans.append(nxt)
    return spans


_GO_DSN = re.compile(r"(?:^|[\s='\"])[^\s:@/='\"]*:([^\s@/]+)@(?:tcp|unix)\(")


def _go_dsn_spans(text: str) -> list[tuple[int, int]]:
    """The password of every Go MySQL DSN `user:password@tcp(host:port)/db` (go-sql-driver/mysql) in text."""
    return [m.span(1) for m in _GO_DSN.finditer(text)]


def secret_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every secret literal inside one value or command text, sorted, not overlapping."""
    if not text:
        return []
    spans = sorted(_url_spans(text) + _go_dsn_spans(text) + _keyword_spans(text) + _word_spans(text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def secrets_in(text: str) -> list[str]:
    """The secret literals of one text (raw, and percent-decoded when that differs)."""
    out = []
    for s, e in secret_spans(text):
        lit = text[s:e]
        out.append(lit)
        dec = unquote(lit)
        if dec != lit:
            out.append(dec)
    return out


def _flag_takes_secret(word: str, tool: str) -> bool:
    """Is the next argument after flag `word` a secret? `--password`, `--token`…, `--requirepass`, `--masterauth`,
    `-a` (redis-cli's password, masked anywhere), `-p` after sshpass."""
    flag = word.lstrip("-")
    return (word.startswith("--") and _secret_param(flag)) or flag in ("requirepass", "masterauth") \
        or word == "-a" or (word == "-p" and tool == "sshpass")


def _flag_values(words: Sequence[str]) -> list[str]:
    """Whole arguments that follow a secret flag (["--password", "a b"] → ["a b"])."""
    found: list[str] = []
    tool = ""
    for i, word in enumerate(words):
        base = word.rsplit("/", 1)[-1].lower()
        if base in _REDIS_TOOLS or base == "sshpass":
            tool = base
        if i + 1 < len(words) and word.startswith("-") and "=" not in word and _plausible(words[i + 1], True) \
                and not words[i + 1].startswith("-") and _flag_takes_secret(word, tool):
            found.append(words[i + 1])
    return found


def secrets_in_args(words: Sequence[str]) -> list[str]:
    """Secret literals of an argument list: per word, and a whole word after a secret flag
    (["--password", "a b"])."""
    return [s for word in words for s in secrets_in(word)] + _flag_values(words)


def _replace(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted(set(secrets), key=len, reverse=True):
        if secret and secret in text:
            text = text.replace(secret, MASK)
    return text


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Every secret found in text (secret_spans) and every known secret literal of the project → ***."""
    spans = secret_spans(text)
    if spans:
        parts, last = [], 0
        for s, e in spans:
            parts.append(text[last:s])
            parts.append(MASK)
            last = e
        parts.append(text[last:])
        text = "".join(parts)
    return _replace(text, secrets)


def mask_args(words: Sequence[str], secrets: Iterable[str] = ()) -> tuple[str, ...]:
    """An argument list with secrets masked, including whole words after a secret flag."""
    inside = {s for w in words for s in secrets_in(w)}
    whole = set(_flag_values(words)) - inside
    return tuple(MASK if w in whole else mask_text(w, secrets) for w in words)


def url_password(value: str) -> str | None:
    spans = _url_spans(value) or _go_dsn_spans(value)
    return value[spans[0][0]:spans[0][1]] if spans else None


def has_secret(name: str, value: str | None) -> bool:
    """Does this env var hold a secret (by its name, or by something inside its value)?"""
    return is_secret_name(name) or bool(value and secret_spans(value))


def project_secrets(project: ComposeProject) -> frozenset[str]:
    """Every literal secret in the compose file: secret-named env values, and every secret found inside env
    values, commands, entrypoints and healthchecks."""
    found: set[str] = {value for name, value in project.interpolated.items()
                        if value and is_secret_name(name) and _plausible(value)}
    for service in project.services.values():
        for name, value in service.environment.items():
            if not value:
                continue
            if is_secret_name(name) and _plausible(value):
                found.add(value)
            found.update(secrets_in(value))
        for words in (service.command, service.entrypoint, service.healthcheck.test if service.healthcheck else None):
            if words:
                found.update(secrets_in_args(list(words)))
    # a "secret" equal to a service or image name would hide the picture and protect nothing
    public = {n.lower() for n in project.services}
    for service in project.services.values():
        public.update(p.lower() for p in re.split(r"[/:@.-]", service.image or "") if p)
    return frozenset(
        s for s in found
        if len(s) >= 3 and s.lower() not in ("true", "false", "yes", "no") and MASK not in s and s.lower() not in public
    )


def secret_file_reason(name: str, content: str | None, secrets: frozenset[str]) -> str | None:
    """Why a host file must not be copied into the output (by its name, a private key or cloud credential in
    it, or a secret literal of the compose file), or None."""
    low = name.lower()
    if (low in _FILE_NAMES or low.startswith(".env.") or low.endswith(".env") or low.endswith(_FILE_NAME_SUFFIXES)
            or any(p in low for p in _FILE_NAME_PARTS)):
        return f"{name} looks like a secret by its name"
    if content is not None:
        lowc = content.lower()
        begin = lowc.find(_FILE_TEXT[0].lower())
        if (begin >= 0 and "private key-----" in lowc[begin:]) or _FILE_TEXT[1] in lowc or _private_key_field(lowc):
            return f"{name} holds a private key or cloud credential"
        if any(s in content for s in secrets):
            return f"{name} contains a secret value of the compose file"
    return None


def _private_key_field(content: str) -> bool:
    i = 0
    while True:
        j = content.find('"private_key"', i)
        if j < 0:
            return False
        rest = content[j + 13:j + 13 + 64].lstrip()
        if rest.startswith(":"):
            return True
        i = j + 13


def host_of(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
