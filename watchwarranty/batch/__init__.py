"""Whole inventories: rows in, each answered by the engine, one output row per input row, in order.

read.py reads rows (CSV, TSV, JSON Lines, a JSON array, an xlsx workbook through workbook.py),
with header names matched by columns.py and text decoded by encodings.py; answer.py hands each
row's facts to the engine's evaluate(); tally.py counts and filters; write.py writes CSV, JSON
Lines, JSON or an xlsx report (xlsx.py).
"""
