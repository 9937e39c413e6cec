"""Pieces several families share."""
