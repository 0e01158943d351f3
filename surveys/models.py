"""Surveys models."""
