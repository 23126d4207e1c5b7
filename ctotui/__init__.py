"""ctotui: a keyboard-driven terminal dashboard for an engineering lead's daily review."""

__version__ = "0.1.0"
