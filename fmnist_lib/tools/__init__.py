"""Measurements beside the book: ``benchmark`` (data loading and features), ``full_estimate``
(the full profile's cost) and ``gpu_check`` (the CNN on a CUDA GPU)."""
