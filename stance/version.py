"""The package version (read by the build, stored with every saved model)."""

__version__ = "0.1.0"
