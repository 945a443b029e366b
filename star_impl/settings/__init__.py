"""Settings package: base (shared), local (default), test and production."""
