"""Audience views: pure functions from content to exactly what one reader may see."""
