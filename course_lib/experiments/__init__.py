"""Experiment code behind the notebooks' explorers and tables (training runs, batched)."""
