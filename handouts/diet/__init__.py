"""Elimination-diet sheets: the food catalogue, diet plans and per-patient customisations.

- rules: cross-field checks over raw YAML, with 'did you mean' suggestions;
- merge: a practice's catalogue over the shipped one;
- suggest: the closest id for a mistyped one.

Their kinds are declared in handouts.kinds, loaded through handouts.loading with a
handouts.context.Context (which also merges and caches the catalogue), rendered
through handouts.documents. The sheet's safety rules live in handouts.views.diet.
"""
