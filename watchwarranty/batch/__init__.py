"""Whole inventories: rows in (read), each answered by the engine (answer), counted (tally) and
written back with its answer (write), one output row per input row, in order."""
