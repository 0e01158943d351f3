"""Logistics models."""
