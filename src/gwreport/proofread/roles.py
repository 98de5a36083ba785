"""Roles for proofreading: a thin wrapper over the one role inference (gwreport.roles)."""
from __future__ import annotations

from ..findings import TextUnit
from ..roles import DATE_LINE_RE, DOC_NUMBER_RE, infer_unit_roles  # noqa: F401 - re-exported

SENT_END = "。！？；"


def infer_roles(units: list[TextUnit]) -> list[TextUnit]:
    """Units with every unknown role (None) inferred; roles a reader set are kept."""
    return infer_unit_roles(units)
