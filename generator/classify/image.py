"""Image references: parsed in generator/imageref.py (target-neutral, so targets need not import classify)."""

from __future__ import annotations

from generator.imageref import ImageRef, parse_image

__all__ = ["ImageRef", "parse_image"]
