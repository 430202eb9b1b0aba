"""The web layer: the FastAPI app, its pages and the `cityqa` command line."""
