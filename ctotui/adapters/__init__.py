"""Source adapters. Each module turns one remote API into model objects.

Nothing here imports Textual; adapters are loaded only when a configured
source names them (see `ctotui.registry`).
"""
