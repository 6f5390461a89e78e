"""Ranked hits → views: the web app (routes, background worker, Gradio page, HTML rendering, texts)."""
