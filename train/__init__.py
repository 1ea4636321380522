"""Training pipeline for the learned extractive QA reader (see train/reader.py)."""
