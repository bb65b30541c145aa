"""Elimination-diet sheets: the food catalogue, diet plans and per-patient customisations.

- policy: which foods one patient may enjoy (allergies, eliminated and kept
  categories, the dietitian's choices): the one safety policy that both the
  rules and the sheet's view use;
- schedule: phase lengths and dates, the reintroduction tests and their days;
- sheet: one patient's sheet worked out from both, with the warnings the sheet
  prints and `handouts validate` / `lint` report for a customisation file;
- rules: cross-field checks over raw YAML, with 'did you mean' suggestions;
- merge: a practice's catalogue over the shipped one;
- suggest: the closest id for a mistyped one;
- errors: DietError, for content that skipped validation.

Their kinds are declared in handouts.kinds, loaded through handouts.loading with a
handouts.context.Context (which also merges and caches the catalogue), rendered
through handouts.documents. Nothing here imports handouts.views: the sheet's view
(handouts.views.diet) turns these answers into words.
"""
