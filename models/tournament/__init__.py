"""Promotion tournaments."""
