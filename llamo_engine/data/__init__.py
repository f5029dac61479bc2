"""Data for training and evaluation: synthetic swings (`synth`), instruction data, datasets and collators."""
