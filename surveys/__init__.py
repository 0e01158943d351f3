"""Surveys and impact: session feedback, event evaluations and matched before/after surveys."""
