"""The checker. Importing any part of it first sets mpmath's GMP backend to compute exactly as the Python
one does (``validators.mp_backend``): every check's numbers are the same whichever backend is installed."""

import validators.mp_backend  # noqa: F401  (applied on import)
