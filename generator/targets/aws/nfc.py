"""Terraform keeps every string in Unicode Normalization Form C (cty.StringVal normalizes; the HCL spec normalizes
string literals too), so a compose value that NFC changes (U+F900 豈 becomes U+8C48 豈, a decomposed é becomes é)
reaches the app's secret changed. Nothing in HCL can hold it unchanged: c2p says so for each such variable."""

from __future__ import annotations

import dataclasses
import unicodedata

from generator.plan.model import Plan


def warn_non_nfc(plan: Plan) -> Plan:
    apps = []
    for app in plan.apps:
        changed = sorted(v.name for v in app.env if v.value is not None and not v.secret and v.override is None
                         and unicodedata.normalize("NFC", v.value) != v.value)
        if changed:
            app = dataclasses.replace(app, warnings=tuple(app.warnings) + (
                f"{app.name}: {', '.join(changed)}: the value is not in Unicode NFC, and Terraform stores every string "
                "in NFC, so the app's secret holds the NFC form (env/ shows compose's); write it in NFC in compose, "
                "or set it in the secret yourself",))
        apps.append(app)
    return dataclasses.replace(plan, apps=tuple(apps))
