"""Training: stages as data (`stages.py`), objectives (`losses.py`), the loop with resumable checkpoints and data
parallelism (`loop.py`, `distributed.py`). Entry point: `python -m llamo_engine.train --stage ...`."""
