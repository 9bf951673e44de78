"""Facts for the kinds c2p recognises but does not map yet: version from the tag, the data volume."""

from __future__ import annotations

from types import MappingProxyType

from generator.classify.kinds.base import Context, Facts, FactsFn, first_version
from generator.classify.signals import Signals
from generator.classify.volumes import kind_data_mount, mount_label
from generator.model import Service


def generic_facts(version_key: str, data_paths: tuple[str, ...], port: int | None) -> FactsFn:
    def facts(service: Service, signals: Signals, ctx: Context) -> Facts:
        ref = signals.built_from or signals.image
        version = first_version(ref.tag if ref else None)
        data = kind_data_mount(signals.mounts, data_paths)
        return Facts(
            versions=MappingProxyType({version_key: version} if version else {}),
            facts=MappingProxyType({"data_volume": mount_label(data, ctx.working_dir) if data else None, "port": port}),
        )

    return facts

