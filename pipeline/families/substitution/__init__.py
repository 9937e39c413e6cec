"""substitution."""
