"""Exports of a dataset folder in the formats training stacks load directly (TRL, PRM800K-style).

``export_dataset(dataset_dir, format, output)`` is the entry point; ``revsynth export`` wraps it.
"""

from pipeline.exports.run import ExportFormat, ExportManifest, export_dataset
from pipeline.exports.source import ExportError, read_dataset

__all__ = ["ExportError", "ExportFormat", "ExportManifest", "export_dataset", "read_dataset"]
