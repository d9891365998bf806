"""Renderers: they read reports and print or write them; they compute nothing."""
