"""``revsynth eval``: measure a config's solve stage on problems its training data did not contain.

``sources.py`` says which problems (a dataset's test split, or a JSONL file), ``run.py`` asks and scores
them with the dataset runner's machinery, ``report.py`` turns the scores into pass@1, pass@k and step
validity by construction and difficulty.
"""
