"""Raw: text c2p built as structure in an output language, printed as is by every finaliser."""

from __future__ import annotations



class Raw(str):
    """Text c2p built as structure in the output language; the finaliser prints it as is. Never wrap user data."""
