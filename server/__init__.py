"""The ASGI application, its settings, and the command line."""
