"""``python -m stance`` runs the command line."""

from .cli import run

run()
