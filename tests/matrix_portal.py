"""Permission-matrix rows for the portal app's URLs (see tests/matrix.py)."""

from tests.matrix import Row

ROWS: dict[str, Row] = {}
