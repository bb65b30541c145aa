"""Elimination-diet sheets: the food catalogue, diet plans and per-patient customisations.

- catalogue: find and load (once, cached) the food catalogue and the plans;
- rules: cross-field checks over raw YAML, with 'did you mean' suggestions;
- kinds: registers the three file kinds with handouts.loading;
- inputs: one sheet's inputs loaded and checked together (CLI, demo, batch).

The sheet's safety rules live in handouts.views.diet.
"""
