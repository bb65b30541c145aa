"""The app's routes, one small module per area."""
