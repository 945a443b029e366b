"""Signals of the indicators app: how the engine tells others what happened without knowing
them (indicators import nothing of pages, reports or PDFs)."""

from django.dispatch import Signal

#: Sent by ``computation_run_execute`` after a run succeeded and its write transaction has
#: committed. Arguments: sender (the ComputationRun class), run (the succeeded run). Receivers
#: run in the worker's task; an exception in one fails the task, as before the signal existed.
computation_succeeded = Signal()
