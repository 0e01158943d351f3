"""Demo data for logistics/, loaded by ``manage.py load_demo`` after the apps it builds on."""

from __future__ import annotations

from programmes.demo import Demo


def load(demo: Demo) -> None:
    """Nothing yet."""
