"""Delegations models."""
