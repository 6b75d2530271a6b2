"""Benchmarks of stance's classification hot path against the tools a user would otherwise pick.

Run ``python -m benchmarks`` (``--quick`` for a run under a minute); see ``benchmarks/RESULTS.md``.

Modules: :mod:`benchmarks.corpus` (the synthetic corpus), :mod:`benchmarks.peers` (the
other tools), :mod:`benchmarks.measure` (timing, fresh processes, peak memory),
:mod:`benchmarks.sections` (what is measured), :mod:`benchmarks.report` (targets and tables),
:mod:`benchmarks.profile` (``python -m benchmarks.profile``: where the hot paths spend their time).
Targets are checked and reported here only; the unit tests never assert timings.
"""
