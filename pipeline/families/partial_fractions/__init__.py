"""partial_fractions: integrals of rational functions built from a chosen decomposition."""
